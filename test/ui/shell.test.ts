// Double-click a compute, type a command, see its output: the whole path from the list through
// the daemon, GetComputeAccess, the native SSM client and the emulated agent's real pty.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { eventually, FLEETS, LINUX_COMPUTE, openApp, type App, UI_TEST } from './support/app';

let app: App;
before(async () => {
  app = await openApp();
});
after(() => app?.close());

test('double-click opens a shell; typed commands run and their output shows', UI_TEST, async () => {
  const { page } = app;
  await app.pickFleet(FLEETS.linux);
  await page.locator(`.target-row[data-compute="${LINUX_COMPUTE}"]`).dblclick();
  await page.getByRole('tab', { name: LINUX_COMPUTE }).waitFor();
  await page.locator('.terminal-view:not([hidden]) .xterm').waitFor();
  await eventually(() => app.terminalText(), (t) => /\$\s*$/m.test(t), 15_000, 'a prompt');

  await page.keyboard.type('echo "sum=$((6*7))"\r');
  await eventually(() => app.terminalText(), (t) => t.includes('sum=42'), 15_000, 'the command output');

  const card = page.locator('.session-card', { hasText: LINUX_COMPUTE });
  await eventually(() => card.locator('.badge').innerText(), (s) => s === 'Active', 10_000, 'an active session');
  assert.deepEqual(app.problems, []);
});

test('keyboard only: arrows move in the list, Enter opens a shell', UI_TEST, async () => {
  const { page } = app;
  await page.getByRole('tab', { name: 'Computes' }).click();
  const list = page.getByRole('listbox', { name: 'Computes' });
  await list.focus();
  await page.keyboard.press('End');
  const active = page.locator('.target-row.active');
  assert.equal(await active.getAttribute('data-compute'), 'i-0a1f5c2e9b7d30002');
  await page.keyboard.press('ArrowUp');
  assert.equal(await active.getAttribute('data-compute'), LINUX_COMPUTE);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await page.getByRole('tab', { name: 'i-0a1f5c2e9b7d30002' }).waitFor();
  await eventually(() => app.terminalText(), (t) => /\$\s*$/m.test(t), 15_000, 'a prompt on the second compute');
  // The terminal took focus: typing goes to the shell.
  await page.keyboard.type('hostname; echo done-$((1+1))\r');
  await eventually(() => app.terminalText(), (t) => t.includes('done-2'), 15_000, 'output in the second terminal');
  assert.deepEqual(app.problems, []);
});

test('ending a session from the panel marks the terminal ended', UI_TEST, async () => {
  const { page } = app;
  const card = page.locator('.session-card:not(.ended)', { hasText: 'i-0a1f5c2e9b7d30002' });
  await card.getByRole('button', { name: 'End' }).click();
  await eventually(() => app.terminalText(), (t) => t.includes('[session ended'), 10_000, 'the ended marker');
  await page.locator('.session-card.ended', { hasText: 'i-0a1f5c2e9b7d30002' }).waitFor();
  assert.deepEqual(app.problems, []);
});

test('a #session= link (the tray\'s "Open terminal") brings a shell\'s terminal back', UI_TEST, async () => {
  const { page } = app;
  const card = page.locator('.session-card:not(.ended)', { hasText: LINUX_COMPUTE });
  const id = await card.getAttribute('data-session');
  assert.ok(id);
  await page.getByRole('button', { name: `Close terminal for ${FLEETS.linux} / ${LINUX_COMPUTE}` }).click();
  await page.getByRole('tab', { name: LINUX_COMPUTE }).waitFor({ state: 'detached' });
  await page.evaluate(`location.hash = '#session=${id}'`);
  await page.getByRole('tab', { name: LINUX_COMPUTE, selected: true }).waitFor();
  // The backlog brings back what the shell showed before.
  await eventually(() => app.terminalText(), (t) => t.includes('sum=42'), 10_000, 'the earlier output');
  assert.equal(new URL(page.url()).hash, '', 'the link is consumed');
  assert.deepEqual(app.problems, []);
});

test('a flood of output reaches the window whole, and the window acknowledges what xterm.js processed (flow control)', UI_TEST, async () => {
  const { page } = app;
  // Runs last: the flood scrolls away what the earlier tests look for in this terminal.
  await page.locator('.terminal-view:not([hidden]) .xterm').click();
  const sessionId = await page.locator('.terminal-view:not([hidden])').getAttribute('data-session');
  assert.ok(sessionId);
  // The furthest stream offset this window acknowledged, under one viewer ID of its own.
  const acks = () => app.apiCalls
    .filter((c) => c.method === 'ackTerminal' && (c.input as { sessionId: string }).sessionId === sessionId)
    .map((c) => c.input as { viewerId: string; upTo: number });
  const acked = () => Math.max(0, ...acks().map((a) => a.upTo));
  const before = acked();
  const acksBefore = acks().length;
  await page.keyboard.type("head -c 3000000 /dev/zero | tr '\\0' x; echo; echo flood-$((6*7))\r");
  await eventually(() => app.terminalText(), (t) => t.includes('flood-42'), 60_000, 'the end of the flood');
  await eventually(async () => acked() - before, (n) => n >= 3_000_000, 5000, 'acknowledgements for the whole flood');
  assert.equal(new Set(acks().slice(acksBefore).map((a) => a.viewerId)).size, 1, 'the flood went to one view, which acked under one viewer ID');
  assert.deepEqual(app.problems, []);
});
