// The vault's non-secret index: serialised private writes, and one failed write does not stop
// the ones after it (the index is how a restart finds what a crash left in the keychain).
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rmdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { VaultIndex } from '../../../main/daemon/vault/vault-index';

test('writes are private and read back', async () => {
  const path = join(await mkdtemp(join(tmpdir(), 'glc-index-')), 'vault-index.json');
  const index = new VaultIndex(path);
  await index.write([{ key: 'shell.ab12', expiresAt: 42 }]);
  assert.deepEqual(await index.read(), [{ key: 'shell.ab12', expiresAt: 42 }]);
  assert.equal((await stat(path)).mode & 0o777, 0o600);
});

test('a failed write rejects its caller only; the next write still lands', async () => {
  const path = join(await mkdtemp(join(tmpdir(), 'glc-index-')), 'vault-index.json');
  const index = new VaultIndex(path);
  await mkdir(path); // a directory where the file should be: the rename fails
  await assert.rejects(index.write([{ key: 'lost', expiresAt: 1 }]));
  await rmdir(path);
  await index.write([{ key: 'kept', expiresAt: 2 }]);
  assert.deepEqual(await index.read(), [{ key: 'kept', expiresAt: 2 }]);
});
