// An interactive shell over SSH (server SDK 4 Linux instances): ssh2 with the issued private key
// held in memory for the handshake only (never a .pem on disk), a pty, and the host key's SHA256
// fingerprint reported so the user can see what was reached.
import { createHash } from 'node:crypto';
import { Client, type ClientChannel } from 'ssh2';
import { DaemonError } from '../errors';
import { TERMINAL_OUTPUT_HIGH_WATER, type Connection, type ConnectionEvents } from '../transport/connection';
import { ReadFlow } from '../util/read-flow';

export interface SshShellOptions {
  host: string;
  port: number;
  username: string;
  /** The issued key; GameLift's samples sometimes carry literal "\n" sequences. */
  privateKey: string;
  cols?: number;
  rows?: number;
  readyTimeoutMs?: number;
}

export function sha256Fingerprint(hostKey: Buffer): string {
  return `SHA256:${createHash('sha256').update(hostKey).digest('base64').replace(/=+$/, '')}`;
}

const normalizePrivateKey = (key: string): string => key.replace(/\\n/g, '\n').replace(/\r\n/g, '\n');

/** An authenticated ssh2 client (the issued key in memory for the handshake only), and the host key's fingerprint. */
export async function connectSsh(opts: Pick<SshShellOptions, 'host' | 'port' | 'username' | 'privateKey' | 'readyTimeoutMs'>): Promise<{ client: Client; hostKeyFingerprint: string }> {
  const client = new Client();
  let hostKeyFingerprint = '';
  await new Promise<void>((resolve, reject) => {
    client.once('ready', () => resolve());
    client.once('error', (err: Error & { level?: string }) => {
      reject(
        err.level === 'client-authentication'
          ? new DaemonError('AccessDenied', `The instance refused the issued SSH key for ${opts.username}.`, 'Try again: a new key is issued per session.')
          : new DaemonError('Unreachable', `Could not reach ${opts.host}:${opts.port} over SSH (${err.message}).`, 'Check that the fleet allows your address on the SSH port.'),
      );
    });
    client.connect({
      host: opts.host,
      port: opts.port,
      username: opts.username,
      privateKey: normalizePrivateKey(opts.privateKey),
      readyTimeout: opts.readyTimeoutMs ?? 20_000,
      keepaliveInterval: 15_000,
      hostVerifier: (key: Buffer) => {
        hostKeyFingerprint = sha256Fingerprint(key);
        return true;
      },
    });
  });

  return { client, hostKeyFingerprint };
}

export async function openSshShell(opts: SshShellOptions, events: ConnectionEvents): Promise<{ connection: Connection; hostKeyFingerprint: string }> {
  const { client, hostKeyFingerprint } = await connectSsh(opts);
  const stream = await new Promise<ClientChannel>((resolve, reject) => {
    client.shell({ term: 'xterm-256color', cols: opts.cols ?? 120, rows: opts.rows ?? 32 }, (err, channel) => (err ? reject(err) : resolve(channel)));
  }).catch((err: Error) => {
    client.end();
    throw new DaemonError('Unreachable', `The instance accepted the login but refused a shell (${err.message}).`);
  });

  let exitCode: number | undefined;
  let closing = false;
  stream.on('data', (chunk: Buffer) => {
    events.bytes(chunk.length, 0);
    events.data(chunk);
  });
  stream.stderr.on('data', (chunk: Buffer) => {
    events.bytes(chunk.length, 0);
    events.data(chunk);
  });
  stream.on('exit', (code: number | null) => {
    if (typeof code === 'number') exitCode = code;
  });
  stream.on('close', () => {
    client.end();
    if (!closing) {
      events.ended(exitCode === undefined ? 'the SSH connection closed' : `the shell exited (${exitCode})`, {
        ...(exitCode !== undefined ? { exitCode } : {}),
        unexpected: exitCode === undefined,
      });
    }
  });
  client.on('error', () => {
    if (!closing) events.ended('the SSH connection dropped', { unexpected: true });
  });

  // A viewer that falls behind pauses the channel's streams: ssh2 then stops widening the SSH
  // window, and the server stops sending.
  const outputFlow = new ReadFlow(
    {
      pauseReading: () => {
        stream.pause();
        stream.stderr.pause();
      },
      resumeReading: () => {
        stream.resume();
        stream.stderr.resume();
      },
    },
    { highWater: TERMINAL_OUTPUT_HIGH_WATER },
  );
  stream.on('data', () => outputFlow.delivered());
  stream.stderr.on('data', () => outputFlow.delivered());

  const connection: Connection = {
    write(data) {
      events.bytes(0, data.length);
      return stream.write(data);
    },
    setOutputBacklog: (backlog) => outputFlow.measure(backlog),
    outputDrained: () => outputFlow.consumerDrained(),
    resize(cols, rows) {
      stream.setWindow(rows, cols, 0, 0);
    },
    async close() {
      closing = true;
      stream.close();
      client.end();
    },
  };
  return { connection, hostKeyFingerprint };
}
