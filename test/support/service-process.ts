/**
 * Helpers for the long-running service processes the test helpers start (sshd, Xvfb, the RDP
 * server). Not needed by test files directly.
 *
 *   const child = spawnService('/usr/sbin/sshd', ['-D', ...], { cwd: dir });
 *   await waitForPort(child, port);          // rejects with the process's output if it dies
 *   await stopService(child);                // SIGTERM, then SIGKILL after a grace period
 *
 * For a server that must be told its port up front, both steps on a free port, retried:
 *   const { service, port } = await startOnFreePort((port) => spawnService(...), { attempts: 3 });
 *
 * Every service is also killed when the test process exits, so a failed test does not leave
 * servers behind.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from './free-port';

const OUTPUT_TAIL_CHARS = 8_000;

export interface ServiceProcess {
  readonly child: ChildProcess;
  readonly name: string;
  /** The last few thousand characters the process wrote to stdout and stderr. */
  output(): string;
  /** Resolves with the exit code or signal once the process has exited. */
  readonly exited: Promise<string>;
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export function spawnService(command: string, args: readonly string[], options: SpawnOptions = {}): ServiceProcess {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  running.add(child);
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-OUTPUT_TAIL_CHARS);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<string>((resolve) => {
    const done = (code: number | null, signal: NodeJS.Signals | null) => {
      running.delete(child);
      resolve(signal ?? `exit code ${String(code)}`);
    };
    if (child.exitCode !== null || child.signalCode !== null) done(child.exitCode, child.signalCode);
    else child.once('exit', done);
    // A spawn failure (ENOENT) emits 'error' and no 'exit'.
    child.once('error', (error) => {
      keep(Buffer.from(`\nspawn failed: ${error.message}\n`));
      running.delete(child);
      resolve(`spawn error ${error.message}`);
    });
  });
  return { child, name: command, output: () => tail, exited };
}

/** Resolves once `host:port` accepts TCP connections; rejects if the service exits or the time runs out. */
export async function waitForPort(service: ServiceProcess, port: number, host = '127.0.0.1', timeoutMs = 10_000): Promise<void> {
  let exitReason: string | undefined;
  void service.exited.then((reason) => (exitReason = reason));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exitReason !== undefined) {
      throw new Error(`${service.name} exited (${exitReason}) before listening on ${host}:${port}:\n${service.output()}`);
    }
    if (await accepts(host, port)) return;
    await sleep(50);
  }
  throw new Error(`${service.name} did not listen on ${host}:${port} within ${timeoutMs} ms:\n${service.output()}`);
}

function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Picks a free port, spawns the service on it and waits until it listens. Another process may
 * take the port between the pick and the bind: then (or on any other failure to listen) the
 * service is stopped and it tries again on a new port, `attempts` times in all.
 */
export async function startOnFreePort(
  spawnOn: (port: number) => ServiceProcess,
  { host = '127.0.0.1', attempts = 3, timeoutMs = 10_000 } = {},
): Promise<{ service: ServiceProcess; port: number }> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort(host);
    const service = spawnOn(port);
    try {
      await waitForPort(service, port, host, timeoutMs);
      return { service, port };
    } catch (error) {
      await stopService(service);
      if (attempt >= attempts) throw error;
    }
  }
}

/** Stops the service: SIGTERM, then SIGKILL if it has not exited after `graceMs`. */
export async function stopService(service: ServiceProcess, graceMs = 3_000): Promise<void> {
  const { child } = service;
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await service.exited;
  clearTimeout(timer);
}
