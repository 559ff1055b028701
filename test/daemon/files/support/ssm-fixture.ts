// The shared set-up of the Session Manager transfer tests (ssm-transfer*.test.ts): a daemon on an
// unpaced emulator (these tests are about bytes, not the agent's pace), fresh remote and local
// folders per test (the "compute" is this machine, so its files are checked directly), and a check
// after each test that no session and no secret outlived it. Not a test file itself.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before } from 'node:test';
import { assertPrivateKeyring } from '../../../support/keyring';
import { waitFor } from '../../../support/wait';
import type { DaemonOptions } from '../../../../main/daemon/daemon';
import type { EmulatorOptions } from '../../../../emulator/index';
import { FLEETS, startHarness, type Harness } from '../../harness';

export const sdk5 = { fleetId: FLEETS.sdk5Linux, computeName: 'i-0a1f5c2e9b7d30001' };

export interface SsmFixture {
  h: Harness;
  remoteDir: string;
  localDir: string;
  /** New empty folders for this test. */
  fresh(): Promise<void>;
}

/** Registers the hooks; `options` add to the unpaced emulator's and the daemon's. */
export function useSsmFixture(options: { emulator?: EmulatorOptions; daemon?: Partial<DaemonOptions> } = {}): SsmFixture {
  let n = 0;
  const f = { fresh: async () => {} } as SsmFixture;
  before(async () => {
    assertPrivateKeyring();
    f.h = await startHarness({ agent: { pacingMs: 0 }, ...options.emulator }, options.daemon);
  });
  f.fresh = async () => {
    n += 1;
    f.remoteDir = await mkdtemp(join(tmpdir(), `glc-ssm-remote-${n}-`));
    f.localDir = await mkdtemp(join(tmpdir(), `glc-ssm-local-${n}-`));
  };
  afterEach(async () => {
    // Every copy, finished or failed, leaves no session and no secret behind.
    await waitFor('no live session', async () => (await f.h.daemon.api.listSessions({})).sessions.every((s) => s.state === 'ended'), 10_000);
    assert.deepEqual(await f.h.vaultAccounts(), [], 'no secret outlives a transfer');
    await rm(f.remoteDir, { recursive: true, force: true });
    await rm(f.localDir, { recursive: true, force: true });
  });
  after(async () => {
    await f.h?.close();
  });
  return f;
}

export const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
export const noPartials = async (dir: string) => assert.deepEqual((await readdir(dir)).filter((name) => name.includes('.part-')), [], `no partial file in ${dir}`);
export const code = (c: string, words?: RegExp) => (e: Error & { code?: string }) => e.code === c && (!words || words.test(e.message));

/** The container fleet's first compute. */
export async function containerCompute(h: Harness): Promise<{ fleetId: string; computeName: string }> {
  const { targets } = await h.daemon.api.listTargets({ fleetId: FLEETS.containers });
  return { fleetId: FLEETS.containers, computeName: targets[0]!.computeName };
}

/** All 256 byte values, CR/LF runs, a 10,000-byte line without a newline, and text that looks like the protocol. */
export function awkwardBytes(): Buffer {
  const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
  const crlf = Buffer.from('\r\n\r\r\n\n\r'.repeat(50));
  const long = Buffer.alloc(10_000, 'x');
  const markerLike = Buffer.from('::glc-0123456789abcdef01234567 F 0 e3b0\n::glc- R\n.\n', 'latin1');
  return Buffer.concat([all, crlf, long, markerLike, Buffer.from(all).reverse()]);
}
