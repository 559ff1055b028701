// The window as a power user's tool (issue #11): whole compute names (cut in the middle, whole on
// hover and to screen readers), a container fleet titled by its ID rather than its description,
// Remote Desktop as an SDK 4 Windows instance's default action, shells opened in the background
// with Ctrl held, "fleet / compute (location)" tab titles, sessions grouped by fleet with "End all"
// and "Clear ended", a failed attempt replacing the previous one, and no CLI flags in errors.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { after, before, test } from 'node:test';
import { eventually, FLEETS, LINUX_COMPUTE, openApp, type App, UI_TEST } from './support/app';

let app: App;
let taken: Server;
before(async () => {
  app = await openApp();
  taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
});
after(async () => {
  await new Promise<void>((resolve) => taken?.close(() => resolve()));
  await app?.close();
});

const CONTAINER_COMPUTE = 'a1c3e5f7b9d24e6fa1c3e5f7b9d20001';
const LINUX_2 = 'i-0a1f5c2e9b7d30002';
const GLOBAL_COMPUTE = 'i-0f6cab7d4a2c80001';
const row = (name: string) => app.page.locator(`.target-row[data-compute="${name}"]`);
const selectedTab = () => app.page.locator('[role="tab"][aria-selected="true"]').innerText();
const calls = (method: string) => app.apiCalls.filter((c) => c.method === method);

test('a container fleet is titled by its ID, not its description', UI_TEST, async () => {
  const { page } = app;
  await app.pickFleet(FLEETS.containers);
  const heading = page.locator('.targets .pane-header h2');
  assert.equal(await heading.innerText(), FLEETS.containers);
  assert.equal(await page.locator('.targets .fleet-description').innerText(), 'Managed containers, game server container group + per-instance group');
  assert.equal(await page.locator(`[id="fleet-${FLEETS.containers}"] .row-title .name`).getAttribute('title'), FLEETS.containers);
});

test('a compute name too long for its column keeps its end visible, and is whole on hover and to screen readers', UI_TEST, async () => {
  const { page } = app;
  await app.pickFleet(FLEETS.containers);
  const cell = row(CONTAINER_COMPUTE).locator('.name');
  // What a sighted user sees: the text nodes that are drawn (not the 1-px screen-reader copy),
  // where their first and last characters land, against the cell's box.
  const seen = await cell.evaluate((el) => {
    const box = el.getBoundingClientRect();
    const doc = el.ownerDocument;
    const walker = doc.createTreeWalker(el, 4 /* NodeFilter.SHOW_TEXT */);
    type TextNode = NonNullable<ReturnType<typeof walker.nextNode>> & { data: string };
    const drawn: TextNode[] = [];
    for (let n = walker.nextNode(); n; n = walker.nextNode()) if ((n.parentElement?.getBoundingClientRect().width ?? 0) > 1) drawn.push(n as TextNode);
    // (No named helper functions in here: tsx would wrap them in a __name() the page lacks.)
    const first = drawn[0]!;
    const last = drawn[drawn.length - 1]!;
    const firstRange = doc.createRange();
    firstRange.setStart(first, 0);
    firstRange.setEnd(first, 1);
    const lastRange = doc.createRange();
    lastRange.setStart(last, last.data.length - 1);
    lastRange.setEnd(last, last.data.length);
    const firstRect = firstRange.getBoundingClientRect();
    const lastRect = lastRange.getBoundingClientRect();
    return {
      text: drawn.map((t) => t.data).join(''),
      fullWidth: drawn.reduce((w, t) => {
        const range = doc.createRange();
        range.selectNodeContents(t);
        return w + range.getBoundingClientRect().width;
      }, 0),
      cellLeft: box.left,
      cellRight: box.right,
      firstLeft: firstRect.left,
      lastRight: lastRect.right,
    };
  });
  assert.equal(seen.text, CONTAINER_COMPUTE, 'the whole name is in the drawn text');
  assert.ok(seen.fullWidth > seen.cellRight - seen.cellLeft, `the name is wider than its column (${seen.fullWidth} > ${seen.cellRight - seen.cellLeft}): the test needs a cut`);
  assert.ok(seen.firstLeft >= seen.cellLeft - 0.5, 'the start of the name is visible');
  assert.ok(seen.lastRight <= seen.cellRight + 0.5, `the end of the name is visible (ends at ${seen.lastRight}, the cell at ${seen.cellRight})`);
  assert.equal(await cell.getAttribute('title'), CONTAINER_COMPUTE, 'the whole name on hover');
  // A screen reader gets the name once, whole (the visible halves are hidden from it).
  await page.getByRole('option', { name: new RegExp(`^${CONTAINER_COMPUTE} `) }).waitFor();
  assert.equal(await page.getByRole('option', { name: new RegExp(`${CONTAINER_COMPUTE}.*${CONTAINER_COMPUTE.slice(-8)}`) }).count(), 0, 'no second copy of the name');
});

test('an SDK 4 Windows instance opens Remote Desktop on double-click and Enter, not a shell', UI_TEST, async () => {
  const { page } = app;
  await app.pickFleet('legacy-windows-sdk4');
  const target = page.locator('.target-row').first();
  const name = await target.getAttribute('data-compute');
  assert.ok(name);
  const shellsBefore = calls('openShell').length;
  await target.dblclick();
  await eventually(async () => calls('openRdp').filter((c) => (c.input as { computeName: string }).computeName === name).length, (n) => n === 1, 20_000, 'openRdp called once');
  await page.locator('.error-note', { hasText: 'Could not start Remote Desktop to' }).waitFor({ timeout: 20_000 });
  await page.getByRole('listbox', { name: 'Computes' }).focus();
  await page.keyboard.press('Enter');
  await eventually(async () => calls('openRdp').filter((c) => (c.input as { computeName: string }).computeName === name).length, (n) => n === 2, 20_000, 'openRdp called again by Enter');
  assert.equal(calls('openShell').length, shellsBefore, 'no shell was asked for');
  const footer = page.locator('.targets .pane-footer');
  assert.equal(await footer.getByRole('button', { name: 'Open shell' }).count(), 0);
  assert.match(await footer.innerText(), /Enter opens Remote Desktop/);
});

test('Ctrl+Enter and Ctrl+double-click open a shell in the background; tabs read "fleet / compute (location)"', UI_TEST, async () => {
  const { page } = app;
  await page.getByRole('tab', { name: 'Computes' }).click();
  await app.pickFleet(FLEETS.linux);
  assert.match(await page.locator('.targets .pane-footer').innerText(), /Ctrl\+Enter in the background/, 'the footer says how');
  assert.match((await page.getByRole('listbox', { name: 'Computes' }).getAttribute('title')) ?? '', /Ctrl\+double-click/);

  await row(LINUX_COMPUTE).click();
  await page.getByRole('listbox', { name: 'Computes' }).focus();
  await page.keyboard.press('Control+Enter');
  const first = page.getByRole('tab', { name: `${FLEETS.linux} / ${LINUX_COMPUTE} (us-west-2)`, exact: true });
  await first.waitFor({ timeout: 30_000 });
  assert.equal(await first.getAttribute('aria-selected'), 'false');
  assert.equal(await selectedTab(), 'Computes', 'the view stayed on the list');

  await row(LINUX_2).dblclick({ modifiers: ['Control'] });
  const second = page.getByRole('tab', { name: `${FLEETS.linux} / ${LINUX_2} (us-west-2)`, exact: true });
  await second.waitFor({ timeout: 30_000 });
  assert.equal(await selectedTab(), 'Computes', 'the view stayed on the list');
  assert.equal(await first.getAttribute('title'), `${FLEETS.linux} / ${LINUX_COMPUTE} (us-west-2)`);

  // Without a modifier the new terminal is shown.
  await app.pickFleet('arena-global');
  await row(GLOBAL_COMPUTE).dblclick();
  const third = page.getByRole('tab', { name: `arena-global / ${GLOBAL_COMPUTE} (us-west-2)`, exact: true, selected: true });
  await third.waitFor({ timeout: 30_000 });
  await eventually(() => app.terminalText(), (t) => /\$\s*$/m.test(t), 20_000, 'a prompt in the shown terminal');
  assert.deepEqual(app.problems, []);
});

test('sessions are grouped by fleet; "End all" asks first, per fleet and overall; "Clear ended" hides the ended', UI_TEST, async () => {
  const { page } = app;
  const group = (fleet: string) => page.getByRole('region', { name: `Sessions on ${fleet}` });
  const live = (fleet: string) => group(fleet).locator('.session-card:not(.ended)');
  await eventually(() => live(FLEETS.linux).count(), (n) => n === 2, 20_000, 'two open sessions on the Linux fleet');
  await eventually(() => live('arena-global').count(), (n) => n === 1, 20_000, 'one on arena-global');

  const dialog = page.getByRole('dialog', { name: 'End sessions?' });
  await group('arena-global').getByRole('button', { name: 'End all sessions on arena-global' }).click();
  await dialog.waitFor();
  assert.match(await dialog.innerText(), /This ends 1 open session on arena-global/);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'hidden' });
  assert.equal(await live('arena-global').count(), 1, 'Cancel ended nothing');

  await group('arena-global').getByRole('button', { name: 'End all sessions on arena-global' }).click();
  await dialog.getByRole('button', { name: 'End 1 session' }).click();
  await eventually(() => live('arena-global').count(), (n) => n === 0, 20_000, 'the arena-global session ended');
  assert.equal(await live(FLEETS.linux).count(), 2, 'the other fleet\'s sessions are untouched');

  await page.getByRole('button', { name: 'End all sessions', exact: true }).click();
  assert.match(await dialog.innerText(), /This ends 2 open sessions, on every fleet/);
  await dialog.getByRole('button', { name: 'End 2 sessions' }).click();
  await eventually(() => page.locator('.session-card:not(.ended)').count(), (n) => n === 0, 20_000, 'every session ended');
  assert.ok((await page.locator('.session-card.ended').count()) >= 3);

  await page.getByRole('button', { name: 'Clear ended' }).click();
  assert.equal(await page.locator('.session-card').count(), 0, 'the ended sessions are cleared');
  assert.equal(await page.getByRole('button', { name: 'Clear ended' }).count(), 0);
  assert.deepEqual(app.problems, []);
});

test('a failed open of the same compute replaces the earlier failure instead of adding a row', UI_TEST, async () => {
  const { page } = app;
  await page.getByRole('tab', { name: 'Computes' }).click();
  await app.pickFleet('legacy-linux-sdk4');
  const target = page.locator('.target-row').first();
  const name = await target.getAttribute('data-compute');
  assert.ok(name);
  const failed = page.locator('.session-card.ended', { hasText: name });
  // Port 22 is closed to this machine (PortClosed) until the user allows it: each try fails.
  await target.dblclick();
  await page.locator('.error-note[data-code="PortClosed"]').waitFor({ timeout: 30_000 });
  await eventually(() => failed.count(), (n) => n === 1, 20_000, 'the failed attempt listed');
  const firstId = await failed.getAttribute('data-session');
  await page.getByRole('button', { name: 'Dismiss' }).first().click();
  await target.dblclick();
  await page.locator('.error-note[data-code="PortClosed"]').waitFor({ timeout: 30_000 });
  await eventually(() => failed.getAttribute('data-session'), (id) => id !== firstId, 20_000, 'the newer failure shown');
  assert.equal(await failed.count(), 1, 'one row for the two failed attempts');
});

test('errors speak of the window\'s controls, never of a command-line flag', UI_TEST, async () => {
  const { page } = app;
  await app.pickFleet(FLEETS.linux);
  await row(LINUX_COMPUTE).click();
  await page.getByRole('button', { name: 'Forward a port…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Forward a port' });
  await dialog.getByLabel('Remote port').fill('7777');
  await dialog.getByLabel('Local port (optional)').fill(String((taken.address() as { port: number }).port));
  await dialog.getByRole('button', { name: 'Open forward' }).click();
  const error = dialog.locator('.error-note[data-code="PortInUse"]');
  await error.waitFor({ timeout: 20_000 });
  const text = await error.innerText();
  assert.doesNotMatch(text, /--[a-z]/, text);
  assert.match(text, /local port/i);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  // The failed attempt's card says why it ended, in the same words.
  const card = page.locator('.session-card.ended', { hasText: 'Port forward' }).first();
  await card.waitFor({ timeout: 20_000 });
  assert.doesNotMatch(await card.innerText(), /--[a-z]/);
  assert.match(await card.innerText(), /already in use/);
});
