// The authorization-code sign-in's redirect target: an HTTP server on 127.0.0.1 (a random port)
// that waits for GET /oauth/callback?code=…&state=… (or ?error=…), as the AWS CLI's AuthCodeFetcher
// does, answers the browser with a page saying it can be closed, and hands the code back. A
// callback with another state is answered and ignored (a page cannot end someone's sign-in by
// guessing the port); the wait ends at the deadline or when the signal aborts.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DaemonError } from '../../errors';

export const CALLBACK_PATH = '/oauth/callback';
/** What the client registration names (the AWS CLI registers the URI without its port). */
export const REGISTERED_REDIRECT_URI = `http://127.0.0.1${CALLBACK_PATH}`;

export interface LoopbackReceiver {
  /** http://127.0.0.1:<port>/oauth/callback: the authorize URL's and CreateToken's redirect_uri. */
  redirectUri: string;
  /** The authorization code once the browser comes back with the expected state. */
  code: Promise<string>;
  close(): void;
}

const page = (title: string, body: string): string =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>` +
  '<style>body{font:16px system-ui,sans-serif;margin:15vh auto;max-width:34em;padding:0 1em;color:#222}h1{font-size:1.4em}</style>' +
  `</head><body><h1>${title}</h1><p>${body}</p></body></html>`;

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function answer(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    'Referrer-Policy': 'no-referrer',
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
  });
  res.end(html);
}

export async function startLoopbackReceiver(opts: { state: string; deadline: number; signal: AbortSignal }): Promise<LoopbackReceiver> {
  let settle!: { resolve: (code: string) => void; reject: (err: Error) => void };
  const code = new Promise<string>((resolve, reject) => (settle = { resolve, reject }));
  code.catch(() => undefined); // the flow awaits it; an early close must not be an unhandled rejection
  let done = false;
  const finish = (outcome: { code: string } | { error: Error }): void => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    opts.signal.removeEventListener('abort', onAbort);
    server.close();
    server.closeAllConnections?.();
    if ('code' in outcome) settle.resolve(outcome.code);
    else settle.reject(outcome.error);
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method !== 'GET' || url.pathname !== CALLBACK_PATH) {
      answer(res, 404, page('Not found', 'This address only receives the IAM Identity Center sign-in of GameLift Connect.'));
      return;
    }
    const state = url.searchParams.get('state');
    const error = url.searchParams.get('error');
    const received = url.searchParams.get('code');
    if (state !== opts.state && !(error && state === null)) {
      answer(res, 400, page('Not this sign-in', 'This link does not belong to the sign-in GameLift Connect is waiting for. Start the sign-in again from the app.'));
      return;
    }
    if (error) {
      const description = url.searchParams.get('error_description') ?? error;
      answer(res, 200, page('Sign-in was not completed', `${escapeHtml(description)}. You can close this tab.`));
      finish({ error: new DaemonError(error === 'access_denied' ? 'AccessDenied' : 'NoCredentials', `The IAM Identity Center sign-in was refused: ${description.slice(0, 200)}.`, 'Start the sign-in again, or ask your administrator for access.') });
      return;
    }
    if (!received) {
      answer(res, 400, page('Sign-in was not completed', 'The redirect carried no authorization code. Start the sign-in again from the app.'));
      return;
    }
    answer(res, 200, page('Signed in to GameLift Connect', 'You can close this tab and go back to GameLift Connect.'));
    finish({ code: received });
  });
  const onAbort = (): void => finish({ error: new DaemonError('InvalidInput', 'The sign-in was cancelled.') });
  const timer = setTimeout(
    () => finish({ error: new DaemonError('NoCredentials', 'The sign-in timed out: the browser did not come back in time.', 'Start the sign-in again; with no browser on this machine use the device code (--use-device-code).') }),
    Math.max(0, opts.deadline - Date.now()),
  );
  timer.unref();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  if (opts.signal.aborted) onAbort();
  else opts.signal.addEventListener('abort', onAbort, { once: true });
  const { port } = server.address() as AddressInfo;
  return { redirectUri: `http://127.0.0.1:${port}${CALLBACK_PATH}`, code, close: () => finish({ error: new DaemonError('InvalidInput', 'The sign-in was closed.') }) };
}
