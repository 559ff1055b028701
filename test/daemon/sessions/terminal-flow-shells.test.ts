// Terminal flow control end to end (TerminalFlow in the session runtime, ackTerminal in the
// contract): a shell whose window stops processing output is held back near the mark instead of
// streaming into the daemon without end, over SSM (the WebSocket is not read) and over SSH (the
// channel window is not widened); once the window catches up everything arrives. A window that
// never acknowledges (none open, or an old one) does not hold a shell back at all.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { assertPrivateKeyring } from '../../support/keyring';
import { FLEETS, startSdk4Harness, type Harness } from '../harness';
import { waitFor } from '../../support/wait';

const LINUX = 'i-0a1f5c2e9b7d30001';
const SDK4_LINUX = 'i-0d4a8f5b2e0a60001';
const MiB = 1024 * 1024;
/** 30 MB of output, then a marker computed by the shell (so the typed command's echo cannot match it). */
const FLOOD = "head -c 30000000 /dev/zero | tr '\\0' x; echo; echo flood-done-$((6*7))\n";

let h: Harness;
before(async () => {
  assertPrivateKeyring();
  h = await startSdk4Harness(SDK4_LINUX, { emulator: { agent: { pacingMs: 0 } } });
});
after(async () => {
  await h?.close();
});

/** Counts a session's terminal output as the API events carry it, and keeps its tail. */
function watch(sessionId: string): { bytes(): number; offset(): number; tail(): string } {
  let bytes = 0;
  let offset = 0;
  let tail = '';
  h.daemon.events.subscribe((event, payload) => {
    const p = payload as { sessionId?: string; data?: string; offset?: number };
    if (event !== 'terminalData' || p.sessionId !== sessionId || !p.data) return;
    const chunk = Buffer.from(p.data, 'base64');
    bytes += chunk.length;
    offset = p.offset ?? offset;
    tail = (tail + chunk.toString('latin1')).slice(-200);
  });
  return { bytes: () => bytes, offset: () => offset, tail: () => tail };
}

const type = (id: string, text: string) => h.daemon.api.writeTerminal({ sessionId: id, data: Buffer.from(text).toString('base64') });

async function slowWindowHoldsTheShell(open: () => Promise<{ id: string }>): Promise<void> {
  const session = await open();
  const out = watch(session.id);
  try {
    await type(session.id, 'echo ready-$((40+2))\n');
    await waitFor('the prompt', () => out.tail().includes('ready-42'), 20_000);
    await h.daemon.api.ackTerminal({ sessionId: session.id, viewerId: 'window', upTo: out.offset() }); // a window that keeps up, so far
    await type(session.id, FLOOD);
    // The window now processes nothing: output stops near the 1 MiB mark.
    let before = -1;
    await waitFor('output to stop', async () => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      const now = out.bytes();
      const still = now === before;
      before = now;
      return still && now > MiB;
    }, 4000);
    assert.ok(out.bytes() < 6 * MiB, `held near the mark: ${out.bytes()} bytes sent to the window`);
    // The window catches up: everything arrives.
    const acking = setInterval(() => void h.daemon.api.ackTerminal({ sessionId: session.id, viewerId: 'window', upTo: out.offset() }).catch(() => {}), 20);
    try {
      await waitFor('all 30 MB and the marker', () => out.tail().includes('flood-done-42'), 120_000);
    } finally {
      clearInterval(acking);
    }
    assert.ok(out.bytes() >= 30_000_000, `${out.bytes()} bytes`);
  } finally {
    await h.daemon.api.endSession({ sessionId: session.id });
  }
}

test('SSM shell: a window that stops processing output holds the shell near 1 MiB; it all arrives once the window catches up', async () => {
  await slowWindowHoldsTheShell(() => h.daemon.api.openShell({ fleetId: FLEETS.sdk5Linux, computeName: LINUX }));
});

test('SSH shell: a window that stops processing output holds the shell near 1 MiB; it all arrives once the window catches up', async () => {
  await slowWindowHoldsTheShell(() => h.daemon.api.openShell({ fleetId: FLEETS.sdk4Linux, computeName: SDK4_LINUX, openInboundPort: true }));
});

test('no window acknowledging: a shell is never held back', async () => {
  const session = await h.daemon.api.openShell({ fleetId: FLEETS.sdk5Linux, computeName: LINUX });
  const out = watch(session.id);
  try {
    await type(session.id, FLOOD);
    await waitFor('all 30 MB and the marker', () => out.tail().includes('flood-done-42'), 120_000);
  } finally {
    await h.daemon.api.endSession({ sessionId: session.id });
  }
});
