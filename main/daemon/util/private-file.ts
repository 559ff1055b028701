// Files only the user may read (the runtime file's token, the vault index): written whole to a
// 0600 temp file in a 0700 directory, then renamed over the old one, so a reader never sees half.
import { chmod, mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export async function writePrivateFile(path: string, body: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, body, { mode: 0o600 });
  await chmod(tmp, 0o600); // in case the temp file pre-existed with wider permissions
  await rename(tmp, path);
}
