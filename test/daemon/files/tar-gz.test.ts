// readTarGz against archives the real GNU tar writes (gnu and pax formats, long names), and against
// damaged ones: cut short, a flipped byte inside the gzip stream, a tar header with a bad checksum.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ArchiveError, readTarGz } from '../../../main/daemon/files/tar-gz';
import { archiveName } from '../../../main/daemon/files/diagnostics';

let dir: string;
const longName = `${'folder-with-a-long-name/'.repeat(6)}${'f'.repeat(120)}.log`;
const body = randomBytes(70_000);
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'glc-tar-'));
  await mkdir(join(dir, 'src/gamelift-diagnostics', longName, '..'), { recursive: true });
  await writeFile(join(dir, 'src/gamelift-diagnostics', longName), body);
  await writeFile(join(dir, 'src/gamelift-diagnostics/manifest.json'), '{"items":[]}');
  await writeFile(join(dir, 'src/gamelift-diagnostics/empty'), '');
});
after(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const make = (format: string) => {
  const out = join(dir, `${format}.tar.gz`);
  execFileSync('tar', [`--format=${format}`, '-czf', out, '-C', join(dir, 'src'), 'gamelift-diagnostics']);
  return out;
};

for (const format of ['gnu', 'pax']) {
  test(`${format}: every member is listed, long names whole, and the members asked for are read`, async () => {
    const listing = await readTarGz(make(format), new Set(['gamelift-diagnostics/manifest.json', `gamelift-diagnostics/${longName}`, 'gamelift-diagnostics/empty']));
    assert.ok(listing.names.includes(`gamelift-diagnostics/${longName}`), listing.names.join('\n'));
    assert.equal(listing.contents.get('gamelift-diagnostics/manifest.json')?.toString(), '{"items":[]}');
    assert.deepEqual(listing.contents.get(`gamelift-diagnostics/${longName}`), body);
    assert.deepEqual(listing.contents.get('gamelift-diagnostics/empty'), Buffer.alloc(0));
  });
}

test('damaged archives are refused: cut short, a changed byte in the gzip stream, a tar header that does not add up', async () => {
  const whole = await readFile(make('gnu'));
  const cut = join(dir, 'cut.tar.gz');
  await writeFile(cut, whole.subarray(0, Math.floor(whole.length / 2)));
  await assert.rejects(readTarGz(cut), ArchiveError);

  const flipped = Buffer.from(whole);
  flipped[Math.floor(flipped.length / 2)]! ^= 0xff;
  const bad = join(dir, 'flipped.tar.gz');
  await writeFile(bad, flipped);
  await assert.rejects(readTarGz(bad), ArchiveError);

  // A well-formed gzip of a tar whose first header's name was changed after its checksum.
  const tar = execFileSync('tar', ['--format=gnu', '-cf', '-', '-C', join(dir, 'src'), 'gamelift-diagnostics/manifest.json']);
  const renamed = Buffer.from(tar);
  renamed[0] = renamed[0]! ^ 0x01;
  const header = join(dir, 'header.tar.gz');
  await writeFile(header, gzipSync(renamed));
  await assert.rejects(readTarGz(header), /checksum/);

  // A tar with no end (no zero blocks) is not whole either.
  const endless = join(dir, 'endless.tar.gz');
  await writeFile(endless, gzipSync(tar.subarray(0, 1024)));
  await assert.rejects(readTarGz(endless), /ends early/);
});

test('archive names: UTC time to the second, and nothing a file system could stumble on', () => {
  assert.equal(
    archiveName('fleet-2a9c6e1d-0001-4b7f-8e3a-6c1d9f2b0001', 'i-0a1f5c2e9b7d30001', new Date('2026-12-02T11:05:09.123Z')),
    'gamelift-diagnostics-fleet-2a9c6e1d-0001-4b7f-8e3a-6c1d9f2b0001-i-0a1f5c2e9b7d30001-20261202T110509Z.tar.gz',
  );
  assert.equal(archiveName('f', 'a/b\\c:d*e', new Date(0)), 'gamelift-diagnostics-f-a_b_c_d_e-19700101T000000Z.tar.gz');
});
