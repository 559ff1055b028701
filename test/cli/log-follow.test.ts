// Following a running daemon's log file for --verbose: only what is appended after the start, in
// order, across a rotation (the file renamed and begun anew), and what came just before stop().
import assert from 'node:assert/strict';
import { appendFile, mkdtemp, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { followLog } from '../../main/cli/log-follow';
import { waitFor } from '../support/wait';

test('follows appended lines from the end, through a rotation, up to stop()', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'glc-follow-'));
  const file = join(dir, 'gamelift-connect.log');
  await writeFile(file, 'old line, before the command\n');
  let seen = '';
  const follower = await followLog(file, (text) => (seen += text), 20);
  await appendFile(file, 'one\n');
  await waitFor('the first appended line', () => seen.includes('one\n'), 5000);
  // Rotation as the logger does it: the file is renamed and a new one begun.
  await rename(file, `${file}.1`);
  await writeFile(file, 'two\n');
  await waitFor('the line in the new file', () => seen.includes('two\n'), 5000);
  await appendFile(file, 'three\n');
  await follower.stop();
  assert.equal(seen, 'one\ntwo\nthree\n');
});

test('a log file that does not exist yet is read from its start once it appears', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'glc-follow-'));
  const file = join(dir, 'gamelift-connect.log');
  let seen = '';
  const follower = await followLog(file, (text) => (seen += text), 20);
  await writeFile(file, 'first\n');
  await follower.stop();
  assert.equal(seen, 'first\n');
});
