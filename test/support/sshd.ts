/**
 * startSshd(): a throw-away OpenSSH server on 127.0.0.1 for ssh2 client tests, one per call,
 * so test files can run in parallel.
 *
 *   const sshd = await startSshd();
 *   // sshd.host, sshd.port, sshd.user (the current user; root is fine)
 *   // sshd.privateKeyPem: a fresh 2048-bit RSA client key, PKCS#1 PEM ("BEGIN RSA PRIVATE
 *   //   KEY"), the format GameLift's GetComputeAccess / GetInstanceAccess hand out. It exists
 *   //   only in memory: pass the string to ssh2's `privateKey`, never write it to a file.
 *   // sshd.hostKeyPublic: the server's host key as an OpenSSH line ("ssh-ed25519 AAAA…"); the
 *   //   key ssh2 passes to `hostVerifier` equals Buffer.from(line.split(' ')[1], 'base64').
 *   // sshd.log(): the server's recent log (VERBOSE), handy in assertion messages.
 *   after(() => sshd.stop());               // stops sshd and deletes its temp dir
 *
 *   startSshd({ instanceRoot: dir }): sshd (and so every login and exec) runs in a private mount
 *   namespace seeing <dir>/local as /local (emulator/core/instance-root.ts; needs root).
 *
 * Needs openssh-server (test/env/system-packages.sh).
 */
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import ssh2 from 'ssh2'; // CommonJS: its named exports are not visible to Node's ESM loader
import { inInstanceRoot } from '../../emulator/core/instance-root';
import { spawnService, startOnFreePort, stopService, type ServiceProcess } from './service-process';

const SSHD = '/usr/sbin/sshd';
const HOST = '127.0.0.1';
const START_ATTEMPTS = 3; // another process may take the free port before sshd binds it

export interface Sshd {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly privateKeyPem: string;
  readonly hostKeyPublic: string;
  log(): string;
  stop(): Promise<void>;
}

export async function startSshd(options: { instanceRoot?: string } = {}): Promise<Sshd> {
  const dir = await mkdtemp(join(tmpdir(), 'glc-sshd-'));
  try {
    const hostKeyPublic = generateHostKey(dir);
    const { privateKeyPem, authorizedKey } = generateClientKey();
    writeFileSync(join(dir, 'authorized_keys'), `${authorizedKey}\n`, { mode: 0o600 });
    ensurePrivilegeSeparationDir();
    const user = userInfo().username;

    const config = join(dir, 'sshd_config');
    const { service: sshd, port } = await startOnFreePort(
      (port) => {
        writeFileSync(config, sshdConfig(dir, port));
        const args = ['-D', '-e', '-f', config];
        if (!options.instanceRoot) return spawnService(SSHD, args, { cwd: dir });
        const wrapped = inInstanceRoot(options.instanceRoot, SSHD, args);
        return spawnService(wrapped.program, wrapped.args, { cwd: dir });
      },
      { host: HOST, attempts: START_ATTEMPTS },
    );
    return {
      host: HOST,
      port,
      user,
      privateKeyPem,
      hostKeyPublic,
      log: () => sshd.output(),
      stop: () => stop(sshd, dir),
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

async function stop(sshd: ServiceProcess, dir: string): Promise<void> {
  await stopService(sshd);
  await rm(dir, { recursive: true, force: true });
}

function generateHostKey(dir: string): string {
  const path = join(dir, 'host_ed25519');
  const result = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'glc-test-sshd', '-f', path], {
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`ssh-keygen failed: ${result.stderr || String(result.error)}`);
  return readFileSync(`${path}.pub`, 'utf8').trim();
}

function generateClientKey(): { privateKeyPem: string; authorizedKey: string } {
  const { privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  });
  const parsed = ssh2.utils.parseKey(privateKey);
  if (parsed instanceof Error) throw parsed;
  return { privateKeyPem: privateKey, authorizedKey: `ssh-rsa ${parsed.getPublicSSH().toString('base64')} glc-test-client` };
}

/** sshd refuses to start without it; systemd normally creates it. */
function ensurePrivilegeSeparationDir(): void {
  if (!existsSync('/run/sshd') && process.getuid?.() === 0) mkdirSync('/run/sshd', { mode: 0o755 });
}

function sshdConfig(dir: string, port: number): string {
  return `ListenAddress ${HOST}
Port ${port}
HostKey ${join(dir, 'host_ed25519')}
PidFile ${join(dir, 'sshd.pid')}
AuthorizedKeysFile ${join(dir, 'authorized_keys')}
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
UsePAM no
StrictModes no
PrintMotd no
PermitTTY yes
AllowTcpForwarding yes
Subsystem sftp internal-sftp
LogLevel VERBOSE
`;
}
