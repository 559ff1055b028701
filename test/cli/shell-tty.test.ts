// `gamelift-connect shell` in a real terminal (node-pty): raw mode, the terminal size at start and
// after a resize (SIGWINCH), Ctrl-C going to the remote program instead of ending the CLI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node-pty';
import { startEmulator } from '../../emulator/index';
import { cliInvocation } from './cli-process';
import { waitFor } from '../support/wait';

const FLEET = 'fleet-2a9c6e1d-0001-4b7f-8e3a-6c1d9f2b0001';
const INSTANCE = 'i-0a1f5c2e9b7d30001';

test('shell in a terminal: sizes follow the local terminal, Ctrl-C reaches the remote shell, exit ends the CLI with 0', { timeout: 60_000 }, async () => {
  const emulator = await startEmulator({ agent: { pacingMs: 0 } });
  try {
    const { env, argv } = cliInvocation(emulator, ['shell', FLEET, INSTANCE]);
    const term = spawn(process.execPath, argv, { cols: 100, rows: 30, env });
    let screen = '';
    term.onData((d) => (screen += d));
    const exit = new Promise<number>((resolve) => term.onExit((e) => resolve(e.exitCode)));
    const expect = async (pattern: RegExp, what: string) => {
      await waitFor(what, () => pattern.test(screen), 20_000);
      screen = '';
    };
    await expect(/\$ $/m, 'the remote prompt');
    term.write('stty size\r');
    await expect(/30 100/, 'the starting size');
    term.resize(120, 40);
    await new Promise((r) => setTimeout(r, 100)); // SIGWINCH → a Size frame
    term.write('stty size\r');
    await expect(/40 120/, 'the new size after SIGWINCH');
    term.write('sleep 30; echo not-interrupted\r');
    await new Promise((r) => setTimeout(r, 300));
    term.write('\x03'); // raw mode: a byte for the remote pty, which interrupts sleep
    term.write('echo "still-$((40+2))"\r');
    // Within expect's 20 s, shorter than the sleep: only an interrupted sleep lets this through.
    await expect(/still-42/, 'the shell after Ctrl-C');
    term.write('exit\r');
    assert.equal(await exit, 0);
  } finally {
    await emulator.close();
  }
});
