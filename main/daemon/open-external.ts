// Opens an allowed link in the user's browser. The allowlist check lives in the dispatcher's
// handler; this only launches the platform opener with the URL as a single argument.
import { spawn } from 'node:child_process';

export async function openWithPlatform(url: string, platform = process.platform): Promise<boolean> {
  const [cmd, args] =
    platform === 'win32' ? ['explorer.exe', [url]] : platform === 'darwin' ? ['open', [url]] : ['xdg-open', [url]];
  return new Promise((resolve) => {
    const child = spawn(cmd, args as string[], { stdio: 'ignore', detached: true });
    child.once('error', () => resolve(false));
    child.once('spawn', () => {
      child.unref();
      resolve(true);
    });
  });
}
