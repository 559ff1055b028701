// `gamelift-connect login [--profile P] [--sso-session S] [--use-device-code] [--no-browser]`:
// IAM Identity Center sign-in without the AWS CLI, through the daemon (startSignIn, awaitSignIn).
// The authorization-code flow opens the default browser at the sign-in page and waits for its
// redirect to a loopback port; --use-device-code (a browser on another machine) shows a URL and a
// code. What to open goes to stderr, as the AWS CLI prints it; the token goes to the AWS CLI's
// cache, never to the terminal. Ctrl-C cancels the sign-in.
import type { SignInStart } from '../../../preload/contract';
import { ConfigName } from '../../../preload/contract';
import type { Command } from '../command';
import { UsageError } from '../cli-error';
import { INTERRUPTED_EXIT } from '../interrupts';
import { withApi } from './daemon-api';

function instructions(start: SignInStart): string {
  const opened = start.browserOpened ? 'Your default browser was opened at the sign-in page.\nIf it did not open, or' : 'Open the sign-in page in a browser. If';
  if (start.flow === 'device-code') {
    return (
      `${opened} you want to sign in on another device, open:\n\n  ${start.verificationUri}\n\n` +
      `and enter the code:\n\n  ${start.userCode}\n\n` +
      `(or open ${start.verificationUriComplete}, which fills in the code)\n`
    );
  }
  return (
    `${opened.replace('you want', 'you')} open this URL on this machine:\n\n  ${start.authorizationUrl}\n\n` +
    'If you cannot open a browser on this machine, run this command again with --use-device-code.\n'
  );
}

const describeSignIn = (ref: SignInStart['ref']): string => (ref.ssoSession ? `sso-session ${ref.ssoSession}` : ref.startUrl);

export const loginCommand: Command = {
  name: 'login',
  summary: 'Sign in to IAM Identity Center (SSO) for a profile or sso-session; shared with the AWS CLI and SDKs.',
  usage: '[--profile P | --sso-session S] [--use-device-code] [--no-browser]',
  options: { 'sso-session': { type: 'string' }, 'use-device-code': { type: 'boolean' }, 'no-browser': { type: 'boolean' } },
  async run(context) {
    if (context.positionals.length > 0) throw new UsageError('login takes no arguments');
    const ssoSession = context.options['sso-session'];
    if (ssoSession !== undefined && (typeof ssoSession !== 'string' || !ConfigName.safeParse(ssoSession).success)) throw new UsageError('--sso-session needs an sso-session name');
    const profile = context.global.profile ?? undefined;
    if (ssoSession && profile) throw new UsageError('give --profile or --sso-session, not both');
    return withApi(context, async (api) => {
      const start = await api.call('startSignIn', {
        ...(ssoSession ? { ssoSession } : profile ? { profile } : {}),
        ...(context.options['use-device-code'] ? { useDeviceCode: true } : {}),
        ...(context.options['no-browser'] ? { openBrowser: false } : {}),
      });
      context.stderr.write(`Signing in to ${describeSignIn(start.ref)}.\n${instructions(start)}\nWaiting for the sign-in…\n`);
      let interrupted = false;
      const cancel = (): void => {
        interrupted = true;
        void api.call('cancelSignIn', { signInId: start.signInId }).catch(() => undefined);
      };
      const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
      for (const signal of signals) process.on(signal, cancel);
      try {
        const done = await api.call('awaitSignIn', { signInId: start.signInId });
        context.stdout.write(`Signed in to ${describeSignIn(done.ref)} until ${new Date(done.expiresAt).toISOString()}.\n`);
        return 0;
      } catch (err) {
        if (interrupted) {
          context.stderr.write('Sign-in cancelled.\n');
          return INTERRUPTED_EXIT;
        }
        throw err;
      } finally {
        for (const signal of signals) process.off(signal, cancel);
      }
    });
  },
};
