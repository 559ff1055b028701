// Remote paths that name the login home ("~", "~/x", relative) mean the same over Session Manager
// as over SFTP: a Session Manager shell starts elsewhere (on AWS, /usr/bin), so the framed stream's
// scripts resolve them against $HOME themselves. The home is asked of the compute (listDirectory
// "~"), not assumed.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { homeRelative } from '../../../main/daemon/files/sftp-transfer';
import { sdk5, sha256, useSsmFixture } from './support/ssm-fixture';

const f = useSsmFixture();

test('"~/x" and a relative "x" are the login home\'s x, both ways; "~" lists the home', async () => {
  await f.fresh();
  const home = (await f.h.daemon.api.listDirectory({ ...sdk5, path: '~' })).path;
  assert.equal((await f.h.daemon.api.listDirectory({ ...sdk5, path: '' })).path, home);
  const name = `glc-home-test-${randomBytes(4).toString('hex')}`;
  const content = randomBytes(50_000);
  await writeFile(join(f.localDir, 'up.bin'), content);
  try {
    await f.h.daemon.api.uploadFile({ ...sdk5, localPath: join(f.localDir, 'up.bin'), remotePath: `~/${name}` });
    assert.equal(sha256(await readFile(join(home, name))), sha256(content), 'the upload landed in the home');
    const down = await f.h.daemon.api.downloadFile({ ...sdk5, remotePath: name, localPath: join(f.localDir, 'down.bin') });
    assert.equal(down.sha256, sha256(content));
    const again = await f.h.daemon.api.downloadFile({ ...sdk5, remotePath: `~/${name}`, localPath: join(f.localDir, 'again.bin') });
    assert.equal(sha256(await readFile(again.path)), sha256(content));
    const listed = await f.h.daemon.api.listDirectory({ ...sdk5, path: `~/` });
    assert.ok(listed.entries.some((e) => e.name === name && e.size === content.length));
  } finally {
    await rm(join(home, name), { force: true });
  }
});

test('homeRelative: what SFTP is given for the home and below it', () => {
  assert.equal(homeRelative('~'), '.');
  assert.equal(homeRelative(''), '.');
  assert.equal(homeRelative('~/'), '.');
  assert.equal(homeRelative('~/logs/a.log'), 'logs/a.log');
  assert.equal(homeRelative('/local/game/x'), '/local/game/x');
  assert.equal(homeRelative('~other/x'), '~other/x');
});
