// Windows: mstsc with a short-lived stored credential for TERMSRV/<host>. The credential is
// written by a PowerShell script that reads the password from stdin and calls CredWrite (cmdkey
// would need it in its arguments), and deleted again shortly after mstsc has started. mstsc is the
// client for the whole connection (its exit ends the session); it writes no console output.
// A shared folder needs an .rdp file (mstsc has no command-line switch for drives): a 0600 file in
// a private temporary folder, address, user and drive only (never the password), removed once
// mstsc has read it. mstsc shares whole drives, so the folder's drive is named (shared-folder.ts).
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DaemonError } from '../errors';
import { exitCodeOf } from './client-output';
import type { LaunchedClient, RdpLaunch } from './launcher';

const CRED_SCRIPT = `
$ErrorActionPreference = 'Stop'
$target = [Console]::In.ReadLine()
$user = [Console]::In.ReadLine()
$password = [Console]::In.ReadLine()
Add-Type -Namespace GlConnect -Name Cred -MemberDefinition @'
[StructLayout(LayoutKind.Sequential, CharSet = CharSet.Unicode)]
public struct CREDENTIAL { public int Flags; public int Type; public string TargetName; public string Comment;
  public long LastWritten; public int CredentialBlobSize; public IntPtr CredentialBlob; public int Persist;
  public int AttributeCount; public IntPtr Attributes; public string TargetAlias; public string UserName; }
[DllImport("advapi32.dll", SetLastError = true, CharSet = CharSet.Unicode)]
public static extern bool CredWrite(ref CREDENTIAL cred, int flags);
'@
$blob = [Runtime.InteropServices.Marshal]::StringToCoTaskMemUni($password)
$cred = New-Object GlConnect.Cred+CREDENTIAL
$cred.Type = 2; $cred.TargetName = $target; $cred.UserName = $user; $cred.Persist = 1
$cred.CredentialBlob = $blob; $cred.CredentialBlobSize = $password.Length * 2
if (-not [GlConnect.Cred]::CredWrite([ref]$cred, 0)) { exit 1 }
[Runtime.InteropServices.Marshal]::ZeroFreeCoTaskMemUnicode($blob)
`;

/** How long the stored credential may live: long enough for mstsc to read it. */
const CREDENTIAL_TTL_MS = 30_000;
/** How long the .rdp file stays: mstsc reads it as it starts. */
const FILE_MS = 15_000;

/**
 * The .rdp file for a launch with a shared folder. `drivestoredirect` lists drives as mstsc writes
 * them itself when it saves a connection ("C:\;"; Microsoft's table of RDP properties spells it
 * "C:;"). Values cannot hold a line break: host and user come from GameLift or the settings.
 */
export function mstscRdpFile(launch: RdpLaunch): string {
  const lines = [`full address:s:${launch.host}:${launch.port}`, ...(launch.username ? [`username:s:${launch.username}`] : [])];
  if (launch.share) lines.push(`drivestoredirect:s:${launch.share.name}:\\;`);
  if (lines.some((line) => /[\r\n]/.test(line))) throw new DaemonError('InvalidInput', 'A line break cannot be part of an RDP address or user name.');
  return `${lines.join('\r\n')}\r\n`;
}

function run(command: string, args: string[], stdin?: string): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['pipe', 'ignore', 'ignore'], windowsHide: true });
    child.once('exit', resolve);
    child.once('error', () => resolve(null));
    child.stdin.on('error', () => {});
    child.stdin.end(stdin ?? '');
  });
}

export async function launchMstsc(launch: RdpLaunch): Promise<LaunchedClient> {
  const target = `TERMSRV/${launch.host}`;
  if (launch.username && launch.password) {
    await run('powershell.exe', ['-NoProfile', '-NonInteractive', '-Command', CRED_SCRIPT], `${target}\n${launch.username}\n${launch.password}\n`);
  }
  let args = [`/v:${launch.host}:${launch.port}`];
  if (launch.share) {
    const dir = await mkdtemp(join(tmpdir(), 'glc-rdp-'));
    const file = join(dir, 'gamelift-connect.rdp');
    await writeFile(file, mstscRdpFile(launch), { mode: 0o600 });
    setTimeout(() => void rm(dir, { recursive: true, force: true }), FILE_MS).unref();
    args = [file];
  }
  const child = spawn('mstsc.exe', args, { stdio: 'ignore', detached: true });
  const exited = exitCodeOf(child);
  if (launch.password) setTimeout(() => void run('cmdkey.exe', [`/delete:${target}`]), CREDENTIAL_TTL_MS).unref();
  return { name: 'mstsc', exited, lifetime: 'connection', closedNormally: (code) => code === 0, errorOutput: () => [], kill: () => child.kill() };
}
