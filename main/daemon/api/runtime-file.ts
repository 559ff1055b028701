// The local API's runtime file: port and bearer token, readable by the user alone (0600 in a 0700
// directory). Clients (CLI, web mode launcher) read it to find and authenticate to the daemon.
import { readFile, rm } from 'node:fs/promises';
import { writePrivateFile } from '../util/private-file';

export interface RuntimeInfo {
  port: number;
  token: string;
  pid: number;
  version: string;
}

export function writeRuntimeFile(path: string, info: RuntimeInfo): Promise<void> {
  return writePrivateFile(path, JSON.stringify(info));
}

export async function readRuntimeFile(path: string): Promise<RuntimeInfo | null> {
  try {
    const info = JSON.parse(await readFile(path, 'utf8')) as Partial<RuntimeInfo>;
    if (typeof info.port !== 'number' || typeof info.token !== 'string') return null;
    return { port: info.port, token: info.token, pid: info.pid ?? 0, version: info.version ?? '' };
  } catch {
    return null;
  }
}

/** Removes the file only if it still describes this process (a newer daemon may have replaced it). */
export async function removeRuntimeFile(path: string, pid = process.pid): Promise<void> {
  const info = await readRuntimeFile(path);
  if (info && info.pid === pid) await rm(path, { force: true });
}
