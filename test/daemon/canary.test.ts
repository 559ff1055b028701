// Canary secrets: everything GetComputeAccess and GetInstanceAccess issue during real sessions
// (SSM credentials, an SSH private key, an RDP password) must never show up in process arguments,
// in files under the app's data dir (the daemon's log included) or the temp dir, in API events, or
// in the daemon's output (its log mirrored to stderr, as `--verbose` does).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { connectToDaemon } from '../../main/daemon/api/client';
import { serveDaemon } from '../../main/daemon/api/serve';
import { logFilePath } from '../../main/daemon/paths';
import { launchXfreerdp } from '../../main/daemon/rdp/linux';
import { assertPrivateKeyring } from '../support/keyring';
import { startRdpServer, type RdpServer } from '../support/rdp-server';
import { startSshd, type Sshd } from '../support/sshd';
import { FLEETS, startHarness, type Harness } from './harness';

let sshd: Sshd;
let rdp: RdpServer;
let h: Harness;
const canaries = new Set<string>();
const output: string[] = [];

before(async () => {
  assertPrivateKeyring();
  [sshd, rdp] = await Promise.all([startSshd(), startRdpServer()]);
  h = await startHarness(
    { sdk4: { linuxPrivateKeyPem: sshd.privateKeyPem, windowsPassword: rdp.password } },
    {
      settings: {
        directEndpoints: {
          'i-0d4a8f5b2e0a60001': { ssh: { host: sshd.host, port: sshd.port, username: sshd.user } },
          'i-0e5b9a6c3f1b70001': { rdp: { host: rdp.host, port: rdp.port, username: rdp.user } },
        },
      },
      rdpLauncher: (launch) => launchXfreerdp(launch, { extraArgs: ['/sec:nla', '+auth-only'], env: { ...process.env, DISPLAY: rdp.display } }),
      // Every line of the log to stderr too (as `--verbose` does), where the output check sees it.
      logMirror: { write: (line) => void process.stderr.write(line), level: 'debug' },
    },
  );
  // Whatever the daemon receives from GetComputeAccess becomes a canary.
  h.daemon.identity.gamelift().middlewareStack.add(
    (next) => async (args) => {
      const result = await next(args);
      const creds = ((result.output ?? {}) as { Credentials?: { SecretAccessKey?: string; SessionToken?: string } }).Credentials;
      if (creds?.SecretAccessKey) canaries.add(creds.SecretAccessKey);
      if (creds?.SessionToken) canaries.add(creds.SessionToken);
      return result;
    },
    { step: 'initialize', name: 'canaryCapture' },
  );
  // The key's body, line by line (a PEM header alone is no secret), and the password.
  for (const line of sshd.privateKeyPem.split('\n').filter((l) => l.length > 40 && !l.startsWith('-----'))) canaries.add(line);
  canaries.add(rdp.password);
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream);
    stream.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
      output.push(String(chunk));
      return write(chunk, ...rest);
    }) as typeof stream.write;
  }
});
after(async () => {
  await h?.close();
  await Promise.all([sshd?.stop(), rdp?.stop()]);
});

const leaks = (text: string): boolean => [...canaries].some((c) => text.includes(c));

function filesUnder(dir: string, budget = { files: 20_000 }): string[] {
  const found: string[] = [];
  let entries: import('node:fs').Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return found;
  }
  for (const e of entries) {
    if (budget.files-- <= 0) break;
    const path = join(dir, e.name);
    if (e.isDirectory()) found.push(...filesUnder(path, budget));
    else if (e.isFile()) found.push(path);
  }
  return found;
}

function leakingFiles(dirs: string[]): string[] {
  return dirs.flatMap((d) => filesUnder(d)).filter((path) => {
    try {
      return statSync(path).size < 4 * 1024 * 1024 && leaks(readFileSync(path, 'latin1'));
    } catch {
      return false;
    }
  });
}

function leakingProcesses(): string[] {
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((pid) => {
      try {
        return leaks(readFileSync(`/proc/${pid}/cmdline`, 'latin1'));
      } catch {
        return false;
      }
    });
}

test('issued secrets never leave the keychain and the calls that need them', async () => {
  const served = await serveDaemon(h.daemon, { runtimeDir: await mkdtemp(join(tmpdir(), 'glc-run-')) });
  const client = (await connectToDaemon(join(served.runtimeFile, '..')))!;
  const events: string[] = [];
  for (const name of ['sessionChanged', 'terminalData', 'notification'] as const) client.on(name, (p) => events.push(JSON.stringify(p)));

  const ssh = await client.call('openShell', { fleetId: FLEETS.sdk4Linux, computeName: 'i-0d4a8f5b2e0a60001', openInboundPort: true });
  const ssm = await client.call('openShell', { fleetId: FLEETS.sdk5Linux, computeName: 'i-0a1f5c2e9b7d30001' });
  const rdpSession = await client.call('openRdp', { fleetId: FLEETS.sdk4Windows, computeName: 'i-0e5b9a6c3f1b70001', openInboundPort: true });
  await client.call('writeTerminal', { sessionId: ssm.id, data: Buffer.from('env | grep -c AWS_ ; echo done\n').toString('base64') });
  await client.call('renewSession', { sessionId: ssm.id });
  assert.ok(canaries.size >= 4 + 2, 'SSM credentials were issued and captured');

  // The scanner finds a planted canary, so an empty result below means something.
  const planted = join(h.dataDir, 'planted');
  writeFileSync(planted, `x${rdp.password}x`);
  assert.deepEqual(leakingFiles([h.dataDir]), [planted]);
  rmSync(planted);

  assert.deepEqual(leakingProcesses(), [], 'no process has a secret in its arguments');
  assert.deepEqual(leakingFiles([h.dataDir, tmpdir()]), [], 'no file holds a secret while sessions live');

  for (const s of [ssh, ssm, rdpSession]) await client.call('endSession', { sessionId: s.id });
  await new Promise((r) => setTimeout(r, 300));
  client.close();
  await served.close();

  assert.ok(events.length > 5, 'events were observed');
  assert.ok(!events.some(leaks), 'no API event carries a secret');
  assert.ok(!output.some(leaks), 'nothing printed carries a secret');
  assert.deepEqual(leakingFiles([h.dataDir, tmpdir()]), [], 'no file holds a secret after the sessions');

  // The scans above covered the daemon's log: it is in the data dir and recorded these sessions.
  const logFile = logFilePath(h.dataDir);
  assert.ok(filesUnder(h.dataDir).includes(logFile), 'the log file is among the files scanned');
  const logged = readFileSync(logFile, 'utf8');
  for (const s of [ssh, ssm, rdpSession]) assert.match(logged, new RegExp(`\\[sessions\\] session ended sessionId=${s.id}`));
  assert.match(logged, /\[sessions\] access renewed/);
  assert.ok(output.some((chunk) => chunk.includes('[sessions] session active')), 'the mirrored log was part of the output checked');
});
