// The OS clipboard, for handing a Windows password to an RDP client the user drives (copyRdpPassword).
// The host injects one (DaemonOptions.clipboard: Electron's clipboard in the tray app); plain Node
// hosts (the CLI, web mode) use the platform's tool, the text always on its stdin, never in argv:
// wl-copy (Wayland), xclip or xsel (X11), pbcopy (macOS), clip.exe (Windows). The copy is cleared
// after a while if the clipboard still holds it; where the clipboard cannot be read back it is
// not cleared (it might be something the user copied since) and the caller is told so.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { DaemonError } from '../errors';

export interface Clipboard {
  /** The tool or host, for messages ("xclip", "Electron"). */
  readonly name: string;
  write(text: string): Promise<void>;
  /** What the clipboard holds now; absent where it cannot be read back (then nothing is cleared). */
  read?(): Promise<string>;
  clear(): Promise<void>;
}

/** How long a copied password stays on the clipboard. */
export const CLIPBOARD_CLEAR_MS = 30_000;

interface ToolRun {
  command: string;
  args: string[];
}

/** Runs a clipboard tool with `input` on stdin; resolves with its stdout, rejects with its words. */
function runTool({ command, args }: ToolRun, input: string, env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    // xclip and xsel fork a process that keeps serving the selection: stdout is read only where a
    // tool prints (reading back), and the end is its 'exit', not the pipes closing.
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], env, windowsHide: true });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
    child.once('error', (e) => reject(new DaemonError('Unsupported', `Could not run ${command} (${e.message}).`)));
    child.once('exit', (code) => {
      // Give the pipes a moment to deliver what was written before the exit, then let them go.
      setImmediate(() => {
        child.stdout.destroy();
        child.stderr.destroy();
        if (code === 0) resolve(out);
        else reject(new DaemonError('Unsupported', `${command} could not use the clipboard${err.trim() ? `: ${err.trim().split('\n')[0]}` : ` (exit code ${code})`}.`));
      });
    });
    child.stdin.on('error', () => {});
    child.stdin.end(input);
  });
}

interface ToolSet {
  name: string;
  write: ToolRun;
  read?: ToolRun;
  clear: ToolRun & { input?: string };
}

const TOOLS: Record<string, ToolSet> = {
  'wl-copy': {
    name: 'wl-copy',
    write: { command: 'wl-copy', args: [] },
    read: { command: 'wl-paste', args: ['--no-newline'] },
    clear: { command: 'wl-copy', args: ['--clear'] },
  },
  xclip: {
    name: 'xclip',
    write: { command: 'xclip', args: ['-selection', 'clipboard', '-in'] },
    read: { command: 'xclip', args: ['-selection', 'clipboard', '-out'] },
    clear: { command: 'xclip', args: ['-selection', 'clipboard', '-in'], input: '' },
  },
  xsel: {
    name: 'xsel',
    write: { command: 'xsel', args: ['--clipboard', '--input'] },
    read: { command: 'xsel', args: ['--clipboard', '--output'] },
    clear: { command: 'xsel', args: ['--clipboard', '--clear'] },
  },
  pbcopy: {
    name: 'pbcopy',
    write: { command: 'pbcopy', args: [] },
    read: { command: 'pbpaste', args: [] },
    clear: { command: 'pbcopy', args: [], input: '' },
  },
  // clip.exe only writes; PowerShell's Get-Clipboard reads it back.
  'clip.exe': {
    name: 'clip.exe',
    write: { command: 'clip.exe', args: [] },
    read: { command: 'powershell.exe', args: ['-NoProfile', '-NonInteractive', '-Command', '[Console]::Out.Write((Get-Clipboard -Raw))'] },
    clear: { command: 'clip.exe', args: [], input: '' },
  },
};

export function onPath(binary: string, env: NodeJS.ProcessEnv = process.env): boolean {
  return (env.PATH ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, binary), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** The clipboard tool this platform and session offer, by name; undefined when none. */
export function pickClipboardTool(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env, has: (binary: string) => boolean = (b) => onPath(b, env)): string | undefined {
  if (platform === 'darwin') return 'pbcopy';
  if (platform === 'win32') return 'clip.exe';
  if (env.WAYLAND_DISPLAY && has('wl-copy') && has('wl-paste')) return 'wl-copy';
  if (env.DISPLAY) {
    if (has('xclip')) return 'xclip';
    if (has('xsel')) return 'xsel';
  }
  return undefined;
}

/** A Clipboard over one platform tool (`tool` as pickClipboardTool names it). */
export function toolClipboard(tool: string, env: NodeJS.ProcessEnv = process.env): Clipboard {
  const set = TOOLS[tool];
  if (!set) throw new DaemonError('Internal', `Unknown clipboard tool ${tool}.`);
  const read = set.read;
  return {
    name: set.name,
    write: async (text) => {
      await runTool(set.write, text, env);
    },
    ...(read ? { read: () => runTool(read, '', env) } : {}),
    clear: async () => {
      await runTool(set.clear, set.clear.input ?? '', env);
    },
  };
}

/**
 * The platform's clipboard for a plain Node host; a clear Unsupported error when there is none
 * (no display, or none of the tools installed).
 */
export function platformClipboard(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): Clipboard {
  const tool = pickClipboardTool(platform, env);
  if (!tool) {
    throw new DaemonError(
      'Unsupported',
      env.DISPLAY || env.WAYLAND_DISPLAY ? 'No clipboard tool is installed.' : 'There is no desktop session (no DISPLAY or WAYLAND_DISPLAY) whose clipboard could take the password.',
      'Install wl-clipboard (Wayland), xclip or xsel (X11), or copy the password from the tray app.',
    );
  }
  return toolClipboard(tool, env);
}

const digest = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * Copies secrets and clears them again. Only a digest of the last copy is kept to recognise it at
 * the clear; a newer copy replaces the pending clear; flush() clears at once (the daemon stops).
 */
export class ClipboardGuard {
  private pending: { clipboard: Clipboard; digest: string; timer: NodeJS.Timeout } | undefined;

  constructor(
    private readonly clipboard: () => Clipboard,
    private readonly clearAfterMs = CLIPBOARD_CLEAR_MS,
    private readonly onClearFailed: (err: unknown) => void = () => {},
  ) {}

  /** Puts `secret` on the clipboard; the seconds until it is cleared, or undefined where it cannot be read back (not cleared). */
  async copy(secret: string): Promise<number | undefined> {
    const clipboard = this.clipboard();
    await clipboard.write(secret);
    if (this.pending) clearTimeout(this.pending.timer);
    this.pending = undefined;
    if (!clipboard.read) return undefined;
    const timer = setTimeout(() => void this.flush(), this.clearAfterMs);
    timer.unref();
    this.pending = { clipboard, digest: digest(secret), timer };
    return Math.round(this.clearAfterMs / 1000);
  }

  /** Clears the clipboard now if it still holds the last copy. */
  async flush(): Promise<void> {
    const pending = this.pending;
    this.pending = undefined;
    if (!pending) return;
    clearTimeout(pending.timer);
    try {
      const now = await pending.clipboard.read!();
      // Some tools add a newline on the way out.
      if (digest(now) === pending.digest || digest(now.replace(/\r?\n$/, '')) === pending.digest) await pending.clipboard.clear();
    } catch (err) {
      this.onClearFailed(err);
    }
  }
}
