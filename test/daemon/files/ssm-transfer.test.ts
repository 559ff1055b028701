// downloadFile / uploadFile / listDirectory on an SDK 5 Linux compute and a container compute,
// end to end: GetComputeAccess through the emulator, a `transfer` session of its own over Session
// Manager (the product's SSM client against the emulated agent, whose shell is a real /bin/sh on
// a pty), the framed stream of main/daemon/files/remote-*.ts. The "compute" is this machine, so
// its files are checked directly: exact bytes (SHA-256), and no partial file on either side.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, test } from 'node:test';
import { assertPrivateKeyring } from '../../support/keyring';
import { FLEETS, startHarness, type Harness } from '../harness';

const LINUX = 'i-0a1f5c2e9b7d30001';
const sdk5 = { fleetId: FLEETS.sdk5Linux, computeName: LINUX };

let h: Harness;
let remoteDir: string;
let localDir: string;
before(async () => {
  assertPrivateKeyring();
  // Unpaced: these tests are about bytes, not the agent's pace.
  h = await startHarness({ agent: { pacingMs: 0 } });
});
let n = 0;
const fresh = async () => {
  n += 1;
  remoteDir = await mkdtemp(join(tmpdir(), `glc-ssm-remote-${n}-`));
  localDir = await mkdtemp(join(tmpdir(), `glc-ssm-local-${n}-`));
};
afterEach(async () => {
  // Every copy, finished or failed, leaves no session and no secret behind.
  assert.deepEqual((await h.daemon.api.listSessions({})).sessions.filter((s) => s.state !== 'ended'), []);
  assert.deepEqual(await h.vaultAccounts(), [], 'no secret outlives a transfer');
  await rm(remoteDir, { recursive: true, force: true });
  await rm(localDir, { recursive: true, force: true });
});
after(async () => {
  await h?.close();
});

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const noPartials = async (dir: string) => assert.deepEqual((await readdir(dir)).filter((f) => f.includes('.part-')), [], `no partial file in ${dir}`);

/** All 256 byte values, CR/LF runs, a 10,000-byte line without a newline, and text that looks like the protocol. */
function awkwardBytes(): Buffer {
  const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
  const crlf = Buffer.from('\r\n\r\r\n\n\r'.repeat(50));
  const long = Buffer.alloc(10_000, 'x');
  const markerLike = Buffer.from('::glc-0123456789abcdef01234567 F 0 e3b0\n::glc- R\n.\n', 'latin1');
  return Buffer.concat([all, crlf, long, markerLike, all.reverse()]);
}

test('SDK 5: download and upload of awkward bytes under a name with spaces, quotes and a newline', async () => {
  await fresh();
  const name = `it's a "bin"\nfile $(x).dat`;
  const content = awkwardBytes();
  await writeFile(join(remoteDir, name), content);
  const down = await h.daemon.api.downloadFile({ ...sdk5, remotePath: join(remoteDir, name), localPath: localDir });
  assert.equal(down.path, join(localDir, name));
  assert.equal(down.bytes, content.length);
  assert.equal(down.sha256, sha256(content));
  assert.deepEqual(await readFile(down.path), content);
  const sessions = (await h.daemon.api.listSessions({})).sessions.filter((s) => s.kind === 'transfer');
  assert.ok(sessions.some((s) => s.transport === 'ssm'), 'a transfer session of its own, over SSM');
  assert.equal(h.emitted.filter((e) => e.event === 'terminalData').length, 0, 'no file bytes as terminal output');

  const back = `${name} back`;
  const up = await h.daemon.api.uploadFile({ ...sdk5, localPath: down.path, remotePath: join(remoteDir, back) });
  assert.equal(up.path, join(remoteDir, back));
  assert.deepEqual(await readFile(join(remoteDir, back)), content);
  await noPartials(remoteDir);
  await noPartials(localDir);
});
