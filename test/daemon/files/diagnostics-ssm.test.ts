// collectDiagnostics on an SDK 5 Linux compute and a container compute, end to end: GetComputeAccess
// through the emulator, a `transfer` session over Session Manager (the product's SSM client against
// the emulated agent), the gather script through remote-stream.ts's runForBytes. Each emulated
// instance has its own /local (emulator/core/instance-root.ts); the container host's `docker` is
// the emulator's shim, whose `exec` runs the script again "inside" the container and whose `logs`
// is the container's output. The archive is opened with the real tar.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, test } from 'node:test';
import type { ManifestItem } from '../../../main/daemon/files/diagnostics';
import { assertPrivateKeyring } from '../../support/keyring';
import { waitFor } from '../../support/wait';
import { FLEETS, startHarness, type Harness } from '../harness';

const LINUX = 'i-0a1f5c2e9b7d30001';
const CONTAINER_HOST = 'i-0c3f7e4a1d9f50001';
const CONTAINER_COMPUTE = 'a1c3e5f7b9d24e6fa1c3e5f7b9d20001';
const GAME_SERVER_RUNTIME_ID = '9bb6955310c7cd2025a14bc6375b3b44b45a1412e413f6a42c1cbfea062470cd';

let h: Harness;
const roots: Record<string, string> = {};
let outDir: string;

before(async () => {
  assertPrivateKeyring();
  for (const [instance, files] of Object.entries({
    [LINUX]: { 'game/logs/server.log': 'sdk5 server log\n', 'gamemetadata/gamelift-metadata.json': '{"fleetId":"sdk5"}', 'gameliftagent/logs/gamelift-agent.log': 'agent started\n' },
    [CONTAINER_HOST]: { 'game/logs/server.log': 'container server log\n' },
  })) {
    const root = await mkdtemp(join(tmpdir(), 'glc-instance-'));
    roots[instance] = root;
    for (const [path, content] of Object.entries(files)) {
      await mkdir(join(root, 'local', path, '..'), { recursive: true });
      await writeFile(join(root, 'local', path), content);
    }
  }
  // Unpaced: these tests are about bytes, not the agent's pace.
  h = await startHarness({ agent: { pacingMs: 0 }, instanceRoots: roots });
});
afterEach(async () => {
  assert.deepEqual((await h.daemon.api.listSessions({})).sessions.filter((s) => s.state !== 'ended'), []);
  assert.deepEqual(await h.vaultAccounts(), [], 'no secret outlives a collect');
  await rm(outDir, { recursive: true, force: true });
});
after(async () => {
  await h?.close();
  for (const root of Object.values(roots)) await rm(root, { recursive: true, force: true });
});

const extract = async (path: string) => {
  const x = await mkdtemp(join(tmpdir(), 'glc-diag-x-'));
  execFileSync('tar', ['-xzf', path, '-C', x]);
  const base = join(x, 'gamelift-diagnostics');
  const manifest = JSON.parse(await readFile(join(base, 'manifest.json'), 'utf8')) as { computeName: string; items: ManifestItem[] };
  return { x, base, manifest };
};

test('SDK 5 Linux: the compute\'s logs, metadata and agent logs come back over Session Manager', async () => {
  outDir = await mkdtemp(join(tmpdir(), 'glc-diag-out-'));
  const result = await h.daemon.api.collectDiagnostics({ fleetId: FLEETS.sdk5Linux, computeName: LINUX, outDir });
  assert.deepEqual(await readdir(outDir), [result.path.slice(outDir.length + 1)]);
  const { x, base, manifest } = await extract(result.path);
  try {
    assert.equal(manifest.computeName, LINUX);
    const bySource = (s: string) => manifest.items.find((i) => i.source === s);
    for (const [source, content] of [
      ['/local/game/logs/server.log', 'sdk5 server log\n'],
      ['/local/gamemetadata/gamelift-metadata.json', '{"fleetId":"sdk5"}'],
      ['/local/gameliftagent/logs/gamelift-agent.log', 'agent started\n'],
    ]) {
      const item = bySource(source!);
      assert.equal(item?.status, 'found', source);
      assert.equal(await readFile(join(base, item.path!), 'utf8'), content);
    }
    // The emulated host shell runs as ssm-user through the emulator's sudo shim: its processes are listed.
    assert.equal(manifest.items.find((i) => i.kind === 'processes')?.status, 'found');
    assert.equal(manifest.items.some((i) => i.kind === 'docker-logs'), false, 'no containers on an EC2 fleet');
    assert.equal(result.missing, manifest.items.filter((i) => i.status === 'missing').length);
    const session = (await h.daemon.api.listSessions({})).sessions.find((s) => s.kind === 'transfer' && s.target.computeName === LINUX);
    assert.equal(session?.transport, 'ssm');
  } finally {
    await rm(x, { recursive: true, force: true });
  }
});

test("a container compute: docker logs of each of its containers from the host, and the game server container's own files", async () => {
  outDir = await mkdtemp(join(tmpdir(), 'glc-diag-out-'));
  const result = await h.daemon.api.collectDiagnostics({ fleetId: FLEETS.containers, computeName: CONTAINER_COMPUTE, outDir });
  const { x, base, manifest } = await extract(result.path);
  try {
    const logs = manifest.items.filter((i) => i.kind === 'docker-logs');
    assert.deepEqual(logs.map((i) => i.path).sort(), ['containers/game-server/docker-logs.txt', 'containers/metrics-sidecar/docker-logs.txt']);
    assert.ok(logs.every((i) => i.status === 'found'));
    const gameServerLogs = await readFile(join(base, 'containers/game-server/docker-logs.txt'), 'utf8');
    assert.match(gameServerLogs, /^\d{4}-\d\d-\d\dT[\d:.]+Z GameServer starting in container game-server \(compute a1c3e5f7b9d24e6fa1c3e5f7b9d20001\)\n/);
    assert.match(logs.find((i) => i.path!.includes('game-server'))!.source, new RegExp(`docker logs .*${GAME_SERVER_RUNTIME_ID}$`));
    // Gathered again inside the container (the emulated container shares its host's /local).
    const inside = manifest.items.find((i) => i.source === '/local/game/logs/server.log' && i.path?.startsWith('containers/game-server/'));
    assert.equal(inside?.status, 'found');
    assert.equal(await readFile(join(base, inside.path!), 'utf8'), 'container server log\n');
    // And on the host itself.
    assert.equal(await readFile(join(base, 'game/logs/server.log'), 'utf8'), 'container server log\n');
    assert.match(await readFile(join(base, 'docker/ps.txt'), 'utf8'), /^CONTAINER ID/);
  } finally {
    await rm(x, { recursive: true, force: true });
  }

  // --host-only: no container is entered.
  const hostOnly = await h.daemon.api.collectDiagnostics({ fleetId: FLEETS.containers, computeName: CONTAINER_COMPUTE, outDir, shellIn: 'host' });
  const second = await extract(hostOnly.path);
  try {
    assert.equal(second.manifest.items.some((i) => i.kind === 'docker-logs' || i.path?.startsWith('containers/')), false);
  } finally {
    await rm(second.x, { recursive: true, force: true });
  }
});

test('cancel while the compute is still gathering: the session ends, nothing is kept here, and the compute removes its staging folder', async () => {
  outDir = await mkdtemp(join(tmpdir(), 'glc-diag-out-'));
  // The script's staging folders, named after the compute, on the "compute" (this machine's /var/tmp).
  const staging = async () => (await readdir('/var/tmp')).filter((f) => f.startsWith(`gamelift-diagnostics.${LINUX}.`));
  const before = await staging();
  const transferId = 'diag-ssm-cancel';
  const collecting = h.daemon.api.collectDiagnostics({ fleetId: FLEETS.sdk5Linux, computeName: LINUX, outDir, transferId });
  collecting.catch(() => {});
  // The script is under way once its staging folder exists.
  await waitFor('the gather script to start', async () => (await staging()).some((d) => !before.includes(d)), 60_000);
  assert.deepEqual(await h.daemon.api.cancelTransfer({ transferId }), { cancelled: true });
  await assert.rejects(collecting, (e: Error & { code?: string }) => e.code === 'Unreachable' && /cancelled/.test(e.message));
  assert.deepEqual(await readdir(outDir), []);
  await waitFor('the staging folder to go', async () => (await staging()).every((d) => before.includes(d)), 30_000);
});
