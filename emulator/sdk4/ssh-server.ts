// The standalone emulator's answer on SSH for server SDK 4 Linux instances: a loopback ssh2 server
// that accepts gl-user-remote with the key GetInstanceAccess issues and gives a real shell on a pty.
// A command without a pty runs over pipes, as OpenSSH runs it: its stdout binary clean, its stderr
// apart (the gather script of "Collect diagnostics" sends an archive that way).
// (Tests of the product use a real OpenSSH sshd instead.)
import { spawn } from 'node:child_process';
import { generateKeyPairSync, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import ssh2 from 'ssh2';
import type { Connection, ServerChannel } from 'ssh2';
import type { IPty } from 'node-pty';
import { spawnToTheEnd } from '../core/pty-to-the-end';

const { Server, utils } = ssh2;
const USER = 'gl-user-remote';

export interface Sdk4SshServer {
  port: number;
  close(): Promise<void>;
}

/**
 * Listens on 127.0.0.1 and accepts gl-user-remote with the public half of any of the given private
 * keys (one per SDK 4 fleet): every SDK 4 Linux instance is this one server.
 */
export async function startSdk4SshServer(authorizedPrivateKeyPems: string[], log: (m: string) => void = () => {}): Promise<Sdk4SshServer> {
  const authorizedKeys = authorizedPrivateKeyPems.map((pem) => {
    const key = utils.parseKey(pem);
    if (key instanceof Error) throw key;
    return key;
  });
  const hostKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const connections = new Set<Connection>();

  const server = new Server({ hostKeys: [hostKey] }, (client) => {
    connections.add(client);
    client.on('close', () => connections.delete(client));
    client.on('error', (e) => log(`ssh client error: ${e.message}`));
    client.on('authentication', (ctx) => {
      if (ctx.method !== 'publickey' || ctx.username !== USER) return ctx.reject(['publickey']);
      const offered = ctx.key.data;
      const authorized = authorizedKeys.find((k) => {
        const expected = k.getPublicSSH();
        return ctx.key.algo === k.type && offered.length === expected.length && timingSafeEqual(offered, expected);
      });
      if (!authorized) return ctx.reject(['publickey']);
      if (ctx.signature && ctx.blob && !authorized.verify(ctx.blob, ctx.signature, ctx.hashAlgo)) return ctx.reject(['publickey']);
      ctx.accept();
    });
    client.on('ready', () => {
      client.on('session', (accept) => {
        const session = accept();
        let size = { cols: 80, rows: 24, term: 'xterm-256color' };
        let pty: IPty | undefined;
        let wantsPty = false;
        session.on('pty', (acceptPty, _reject, info) => {
          wantsPty = true;
          size = { cols: info.cols || 80, rows: info.rows || 24, term: info.term || 'xterm-256color' };
          acceptPty?.();
        });
        session.on('window-change', (acceptChange, _reject, info) => {
          size = { ...size, cols: info.cols || size.cols, rows: info.rows || size.rows };
          pty?.resize(size.cols, size.rows);
          acceptChange?.();
        });
        session.on('shell', (acceptShell) => (pty = runOnPty(acceptShell(), [], size)));
        session.on('exec', (acceptExec, _reject, info) => {
          if (wantsPty) pty = runOnPty(acceptExec(), ['-c', info.command], size);
          else runOverPipes(acceptExec(), info.command);
        });
      });
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of connections) c.end();
        server.close(() => resolve());
      }),
  };
}

function shellEnvironment(term?: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/',
    USER,
    ...(term ? { TERM: term } : {}),
    PS1: `[${USER}@ip-10-0-4-17 ~]$ `,
    GAMELIFT_EMULATOR_SHELL: 'sdk4-ssh',
  };
}

function runOverPipes(channel: ServerChannel, command: string): void {
  const child = spawn('/bin/sh', ['-c', command], { cwd: process.env.HOME ?? '/', env: shellEnvironment(), stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdout.pipe(channel, { end: false });
  child.stderr.pipe(channel.stderr, { end: false });
  channel.pipe(child.stdin).on('error', () => {});
  // 'close' comes after the child's stdout and stderr ended: the status goes after the last byte.
  child.on('close', (code, signal) => {
    channel.exit(code ?? (signal ? 128 : 1));
    channel.end();
  });
  child.on('error', () => {
    channel.exit(127);
    channel.end();
  });
  channel.on('close', () => child.kill('SIGHUP'));
}

function runOnPty(channel: ServerChannel, args: string[], size: { cols: number; rows: number; term: string }): IPty {
  // Read to the end (core/pty-to-the-end.ts): the exit status goes after the program's last byte.
  const pty = spawnToTheEnd(
    '/bin/sh',
    args,
    {
      name: size.term,
      cols: size.cols,
      rows: size.rows,
      cwd: process.env.HOME ?? '/',
      env: shellEnvironment(size.term),
    },
    {
      output: (data) => channel.write(data),
      exited: (status) => {
        channel.exit(status ?? 1);
        channel.end();
      },
    },
  );
  channel.on('data', (data: Buffer) => pty.write(data));
  channel.on('close', () => {
    try {
      pty.kill();
    } catch {
      // Already exited.
    }
  });
  return pty;
}
