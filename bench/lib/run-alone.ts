// Runs one benchmark file in a fresh Node process and returns the JSON line it prints last, so the
// peak RSS it reports is its own, not the heap left behind by the benchmarks before it.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export async function runAlone<T>(file: string, args: Array<string | number>): Promise<T> {
  const path = fileURLToPath(new URL(`../${file}`, import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', path, ...args.map(String)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const last = out.trim().split('\n').pop() ?? '';
  if (code !== 0 || !last.startsWith('{')) throw new Error(`${file} ${args.join(' ')} exited with ${code}: ${out.trim()}`);
  return JSON.parse(last) as T;
}
