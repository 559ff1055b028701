/**
 * startRdpServer(): a throw-away RDP server on 127.0.0.1 with real NLA (CredSSP/NTLM) password
 * checks, for RDP forward tests; one per call, so test files can run in parallel. It is
 * FreeRDP's shadow server sharing a private Xvfb screen (xrdp does no NLA: with it, a wrong
 * password would still "authenticate").
 *
 *   const rdp = await startRdpServer();
 *   // rdp.host, rdp.port, rdp.user, rdp.password (random per start)
 *   // rdp.display: the Xvfb display (":N"); xfreerdp needs a DISPLAY even with +auth-only
 *   // rdp.log(): the server's recent output
 *   after(() => rdp.stop());               // stops the server and Xvfb, deletes the temp dir
 *
 * Check a login (exit 0 = authenticated, non-zero = refused):
 *   DISPLAY=<rdp.display> xfreerdp /v:127.0.0.1:<port> /u:<user> /from-stdin /sec:nla +auth-only /cert:ignore
 *
 * Needs xvfb, freerdp2-shadow-x11, winpr-utils (test/env/system-packages.sh).
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnService, startOnFreePort, stopService, type ServiceProcess } from './service-process';

const HOST = '127.0.0.1';
const USER = 'rdptest';
const START_ATTEMPTS = 3; // another process may take the free port before the server binds it

export interface RdpServer {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly display: string;
  log(): string;
  stop(): Promise<void>;
}

export async function startRdpServer(): Promise<RdpServer> {
  const dir = await mkdtemp(join(tmpdir(), 'glc-rdp-'));
  const started: ServiceProcess[] = [];
  try {
    const password = `Rdp-${randomBytes(9).toString('base64url')}`;
    const samFile = join(dir, 'sam');
    writeFileSync(samFile, samEntry(USER, password), { mode: 0o600 });

    const xvfb = spawnService('Xvfb', ['-displayfd', '1', '-screen', '0', '1024x768x24', '-nolisten', 'tcp'], { cwd: dir });
    started.push(xvfb);
    const display = `:${await firstLine(xvfb)}`;

    // HOME and XDG_CONFIG_HOME in the temp dir: the shadow server writes its TLS certificate there.
    const env = { ...process.env, DISPLAY: display, HOME: dir, XDG_CONFIG_HOME: join(dir, 'config') };
    const { service: shadow, port } = await startOnFreePort(
      (port) =>
        spawnService('freerdp-shadow-cli', [`/bind-address:${HOST}`, `/port:${port}`, '/sec:nla', `/sam-file:${samFile}`], { cwd: dir, env }),
      { host: HOST, attempts: START_ATTEMPTS, timeoutMs: 15_000 },
    );
    started.push(shadow);
    return {
      host: HOST,
      port,
      user: USER,
      password,
      display,
      log: () => shadow.output(),
      stop: async () => {
        for (const service of [...started].reverse()) await stopService(service);
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    for (const service of [...started].reverse()) await stopService(service);
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/** The SAM line (user:::LM:NT:::) that winpr-hash writes, which the shadow server checks NTLM against. */
function samEntry(user: string, password: string): string {
  // winpr-hash takes the password as an argument; acceptable for this random, per-start test
  // password that protects nothing but a throw-away screen.
  const result = spawnSync('winpr-hash', ['-u', user, '-p', password, '-f', 'sam'], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`winpr-hash failed: ${result.stderr || String(result.error)}`);
  return result.stdout;
}

/** Xvfb -displayfd writes the display number it picked once it is ready to accept clients. */
async function firstLine(service: ServiceProcess, timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const match = /^(\d+)$/m.exec(service.output());
    if (match?.[1] !== undefined) return match[1];
    if (service.child.exitCode !== null || service.child.signalCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`Xvfb did not report a display within ${timeoutMs} ms:\n${service.output()}`);
}
