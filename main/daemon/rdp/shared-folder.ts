// A local folder redirected into an RDP session (openRdp's shareFolder): checked before any access
// is issued, and described as the Windows session will show it. Each platform's client shares in
// its own way:
// - xfreerdp (Linux): `/drive:<name>,<path>` shares exactly the folder, as \\tsclient\<name>. FreeRDP
//   splits that argument at commas (2.11 refuses a quoted path with one too), so such a path is
//   refused; a symlink without a comma to it works.
// - mstsc (Windows): an .rdp file's `drivestoredirect` takes drive letters, `*` and DynamicDrives
//   only; no client setting names a folder. The folder's whole drive is shared and the folder is
//   found below \\tsclient\<letter>; the note says so. (A `subst` drive for just the folder would
//   outlive the session and change the user's drive letters, so it is not used.)
// - macOS: Microsoft's client (Windows App / Remote Desktop) redirects folders from its own PC
//   settings only, not from an .rdp file, so the daemon cannot ask it to: Unsupported, saying how.
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { basename, isAbsolute, resolve } from 'node:path';
import type { Session } from '../../../preload/contract';
import { DaemonError } from '../errors';

/** What a launcher gets: the folder and the name it is shared under. */
export interface FolderShare {
  path: string;
  name: string;
}

export type SharedFolder = NonNullable<Session['sharedFolder']>;

const SHARE_NAME = /^[A-Za-z0-9_-]{1,32}$/;

/** A share name from the folder's own name: the characters every client takes, at most 32. */
export function defaultShareName(folder: string): string {
  const name = basename(folder).replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 32);
  return name || 'share';
}

/**
 * Checks a folder to share (absolute, there, a folder, readable and listable by the daemon) and
 * what this platform's client can share of it; InvalidInput or Unsupported in words otherwise.
 */
export async function prepareFolderShare(
  request: { path: string; name?: string | undefined },
  platform: NodeJS.Platform = process.platform,
): Promise<{ share: FolderShare; shared: SharedFolder }> {
  const given = request.path;
  if (!isAbsolute(given)) {
    throw new DaemonError('InvalidInput', `The folder to share must be an absolute path; "${given}" is not.`, 'Give the full path of the folder (the CLI makes a relative one absolute).');
  }
  const path = resolve(given);
  if (request.name !== undefined && !SHARE_NAME.test(request.name)) {
    throw new DaemonError('InvalidInput', `"${request.name}" cannot name a shared folder.`, 'A share name is 1 to 32 letters, digits, "_" or "-" (no commas, spaces or dots).');
  }
  await checkFolder(path);
  return shareOn(platform, path, request.name ?? defaultShareName(path));
}

/** What `platform`'s client shares of folder `path` (checked already) and where Windows shows it. */
export function shareOn(platform: NodeJS.Platform, path: string, name: string): { share: FolderShare; shared: SharedFolder } {
  if (platform === 'linux') {
    if (path.includes(',')) {
      throw new DaemonError(
        'InvalidInput',
        `xfreerdp cannot share ${path}: its path contains a comma, where FreeRDP splits its /drive option.`,
        'Rename the folder, or share a symlink to it whose path has no comma.',
      );
    }
    return { share: { path, name }, shared: { localPath: path, name, remotePath: `\\\\tsclient\\${name}` } };
  }
  if (platform === 'win32') {
    const drive = /^([A-Za-z]):[\\/]/.exec(path)?.[1]?.toUpperCase();
    if (!drive) {
      throw new DaemonError('InvalidInput', `mstsc can only share local drives, and ${path} is not on one.`, 'Copy the files to a folder on a drive letter, or map the network share to a drive letter first.');
    }
    const below = path.slice(3).replace(/[\\/]+/g, '\\').replace(/\\$/, '');
    return {
      share: { path, name: drive },
      shared: {
        localPath: path,
        name: drive,
        remotePath: `\\\\tsclient\\${drive}${below ? `\\${below}` : ''}`,
        note: `mstsc shares whole drives: all of ${drive}: is visible in the Windows session while it lasts.`,
      },
    };
  }
  if (platform === 'darwin') {
    throw new DaemonError(
      'Unsupported',
      'The macOS Remote Desktop client (Windows App) takes folders to share from its own settings, not from the daemon.',
      `Launch without a shared folder, then in Windows App edit the PC: Folders → Redirect folders → add ${path}; it appears under \\\\tsclient in the session.`,
    );
  }
  throw new DaemonError('Unsupported', `No RDP client launcher for ${platform} can share a folder.`);
}

async function checkFolder(path: string): Promise<void> {
  let info;
  try {
    info = await stat(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new DaemonError('InvalidInput', `There is no folder ${path}.`, 'Pick an existing folder to share.');
    throw new DaemonError('InvalidInput', `The folder ${path} cannot be read (${code ?? 'error'}).`, 'Pick a folder your user can read.');
  }
  if (!info.isDirectory()) throw new DaemonError('InvalidInput', `${path} is a file, not a folder.`, 'Share the folder that holds it.');
  try {
    await access(path, constants.R_OK | constants.X_OK);
  } catch {
    throw new DaemonError('InvalidInput', `The folder ${path} cannot be read by this user.`, 'Pick a folder your user can read and open, or change its permissions.');
  }
}
