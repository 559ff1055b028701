// The tray menu lists live sessions with countdowns and their actions; ended ones drop out.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countdown, sessionLabel, trayMenuModel, trayTooltip, type TrayItem } from '../../main/electron/tray-menu';
import { NOW, session } from './support/session';

const labels = (items: TrayItem[]) => items.map((i) => (i.kind === 'separator' ? '---' : i.label));

test('countdown formats minutes and hours and never goes negative', () => {
  assert.equal(countdown(65_000), '1:05');
  assert.equal(countdown(3_600_000 + 61_000), '1:01:01');
  assert.equal(countdown(500), '0:01');
  assert.equal(countdown(-5_000), '0:00');
});

test('live sessions appear with a countdown and open / renew / end', () => {
  const items = trayMenuModel([session({ expiresAt: NOW + 125_000 })], NOW);
  assert.deepEqual(labels(items), ['Shell · compute-1 — 2:05 left', '---', 'Open window', '---', 'Quit GameLift Connect']);
  const first = items[0];
  assert.ok(first?.kind === 'item' && first.submenu);
  assert.deepEqual(
    first.submenu.map((i) => (i.kind === 'item' ? i.action : null)),
    [
      { type: 'open-session', sessionId: 'gc-1' },
      { type: 'renew', sessionId: 'gc-1' },
      { type: 'end', sessionId: 'gc-1' },
    ],
  );
});

test('the countdown moves with the clock (the tray rebuilds each second)', () => {
  const s = session({ expiresAt: NOW + 10_000 });
  assert.match(sessionLabel(s, NOW), /0:10 left/);
  assert.match(sessionLabel(s, NOW + 1_000), /0:09 left/);
});

test('forwards and RDP name their ports; transitional states replace the countdown', () => {
  assert.equal(sessionLabel(session({ kind: 'forward', localPort: 40123, remotePort: 7777, expiresAt: NOW + 60_000 }), NOW), 'Forward :40123 → 7777 · compute-1 — 1:00 left');
  assert.equal(sessionLabel(session({ kind: 'rdp', localPort: 40999, state: 'renewing' }), NOW), 'RDP · compute-1 (:40999) — renewing');
});

test('ended sessions are not listed; with none live the menu says so', () => {
  const items = trayMenuModel([session({ state: 'ended' })], NOW);
  assert.equal(labels(items)[0], 'No open sessions');
  assert.equal(trayTooltip([session({ state: 'ended' })], NOW), 'GameLift Connect');
});

test('renew is offered only for an active session', () => {
  const items = trayMenuModel([session({ state: 'reconnecting' })], NOW);
  const first = items[0];
  assert.ok(first?.kind === 'item' && first.submenu);
  const renew = first.submenu[1];
  assert.ok(renew?.kind === 'item');
  assert.equal(renew.enabled, false);
});

test('the tooltip names the soonest expiry', () => {
  const tip = trayTooltip([session({ id: 'gc-a', expiresAt: NOW + 300_000 }), session({ id: 'gc-b', expiresAt: NOW + 90_000 })], NOW);
  assert.equal(tip, 'GameLift Connect — 2 open sessions · next expiry in 1:30');
});
