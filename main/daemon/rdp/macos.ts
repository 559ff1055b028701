// macOS: a generated .rdp file (address and user only, never the password) opened with the
// default RDP client; the password is offered on the clipboard and cleared after a short time.
// The file is removed once the client has read it. `open` only hands the file over and exits, so
// its exit says whether that worked (its stderr says why not), not when the connection ends.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectErrorOutput, exitCodeOf } from './client-output';
import type { LaunchedClient, RdpLaunch } from './launcher';

const CLIPBOARD_MS = 45_000;
const FILE_MS = 15_000;

function rdpFile(launch: RdpLaunch): string {
  return [`full address:s:${launch.host}:${launch.port}`, ...(launch.username ? [`username:s:${launch.username}`] : []), 'prompt for credentials:i:1', ''].join('\r\n');
}

function pipeTo(command: string, input: string): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(command, [], { stdio: ['pipe', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', () => resolve(out));
    child.once('error', () => resolve(''));
    child.stdin.on('error', () => {});
    child.stdin.end(input);
  });
}

export async function launchMacRdp(launch: RdpLaunch): Promise<LaunchedClient> {
  const dir = await mkdtemp(join(tmpdir(), 'glc-rdp-'));
  const file = join(dir, 'gamelift-connect.rdp');
  await writeFile(file, rdpFile(launch), { mode: 0o600 });
  const child = spawn('open', [file], { stdio: ['ignore', 'ignore', 'pipe'] });
  const errorOutput = collectErrorOutput(child.stderr);
  const exited = exitCodeOf(child);
  setTimeout(() => void rm(dir, { recursive: true, force: true }), FILE_MS).unref();
  if (launch.password) {
    const password = launch.password;
    await pipeTo('pbcopy', password);
    setTimeout(async () => {
      // Clear only if the clipboard still holds our password: the user may have copied since.
      if ((await pipeTo('pbpaste', '')) === password) await pipeTo('pbcopy', '');
    }, CLIPBOARD_MS).unref();
  }
  return { name: 'open', exited, lifetime: 'hand-over', closedNormally: (code) => code === 0, errorOutput, kill: () => child.kill() };
}
