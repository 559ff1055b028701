// The tray menu lists live sessions with countdowns and their actions; ended ones drop out.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RecentTarget } from '../../preload/contract';
import { windowCommands } from '../../preload/contract';
import { countdown, recentLabel, sessionLabel, TRAY_RECENT, trayMenuModel, trayTooltip, type TrayItem } from '../../main/electron/tray-menu';
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
  assert.deepEqual(labels(items), ['Shell · compute-1 — 2:05 left', '---', 'Find…', 'Recent connections', 'Open window', '---', 'Quit GameLift Connect']);
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

const FLEET = 'fleet-2a9c6e1d-0001-4b7f-8e3a-6c1d9f2b0001';
const recent = (over: Partial<RecentTarget> = {}): RecentTarget => ({ fleetId: FLEET, computeName: 'i-0a1f5c2e9b7d30001', location: 'us-west-2', kind: 'shell', openedAt: 1, ...over });

test('"Find…" asks the window for its search box', () => {
  const find = trayMenuModel([], NOW).find((i) => i.kind === 'item' && i.label === 'Find…');
  assert.ok(find?.kind === 'item');
  assert.deepEqual(find.action, { type: 'find' });
});

test('"Recent connections" lists the last few targets, each reopening its kind there; none: shown disabled', () => {
  const none = trayMenuModel([], NOW).find((i) => i.kind === 'item' && i.label === 'Recent connections');
  assert.ok(none?.kind === 'item');
  assert.equal(none.enabled, false);
  assert.equal(none.submenu, undefined);

  const targets = [
    recent({ kind: 'forward', remotePort: 7777 }),
    recent({ kind: 'rdp', computeName: 'i-0b2e6d3f0c8e40001', location: 'eu-west-1' }),
    recent({ kind: 'shell', shellIn: 'host', computeName: 'a'.repeat(30) + '-' + 'b'.repeat(30) }),
    ...Array.from({ length: 5 }, (_, i) => recent({ computeName: `i-000${i}` })),
  ];
  const item = trayMenuModel([], NOW, targets).find((i) => i.kind === 'item' && i.label === 'Recent connections');
  assert.ok(item?.kind === 'item' && item.submenu);
  assert.equal(item.submenu.length, TRAY_RECENT);
  assert.deepEqual(labels(item.submenu.slice(0, 3)), [
    'Forward → 7777 · i-0a1f5c2e9b7d30001 · us-west-2',
    'RDP · i-0b2e6d3f0c8e40001 · eu-west-1',
    `Shell (host) · ${'a'.repeat(19)}…${'b'.repeat(19)} · us-west-2`,
  ]);
  const actions = item.submenu.map((i) => (i.kind === 'item' ? i.action : null));
  assert.deepEqual(actions.slice(0, 3), [
    { type: 'open-target', command: { fleetId: FLEET, computeName: 'i-0a1f5c2e9b7d30001', location: 'us-west-2', action: 'forward', remotePort: 7777 } },
    { type: 'open-target', command: { fleetId: FLEET, computeName: 'i-0b2e6d3f0c8e40001', location: 'eu-west-1', action: 'rdp' } },
    { type: 'open-target', command: { fleetId: FLEET, computeName: 'a'.repeat(30) + '-' + 'b'.repeat(30), location: 'us-west-2', action: 'shell', shellIn: 'host' } },
  ]);
  // Each is a window command the contract (and so the preload) accepts.
  for (const action of actions) {
    assert.ok(action?.type === 'open-target');
    assert.ok(windowCommands.openTarget.safeParse(action.command).success, JSON.stringify(action.command));
  }
  assert.equal(recentLabel(recent({ kind: 'shell' })), 'Shell · i-0a1f5c2e9b7d30001 · us-west-2');
});

test('a sign-in calls wait for comes first, naming the sso-session, account and role; its click asks the window to sign in', () => {
  const studio = { ssoSession: 'studio', startUrl: 'https://d-1.awsapps.com/start', ssoRegion: 'us-east-1', profiles: ['dev'], accountId: '123456789012', roleName: 'GameLiftAdmin' };
  const legacy = { ssoSession: null, startUrl: 'https://d-2.awsapps.com/start', ssoRegion: 'eu-west-1', profiles: ['old'] };
  const items = trayMenuModel([session({ expiresAt: NOW + 125_000 })], NOW, [], [
    { ref: studio, waiting: 3 },
    { ref: legacy, waiting: 1 },
  ]);
  assert.deepEqual(labels(items).slice(0, 4), [
    'Sign-in needed: studio (account 123456789012 / role GameLiftAdmin) — 3 waiting',
    'Sign-in needed: https://d-2.awsapps.com/start — 1 waiting',
    '---',
    'Shell · compute-1 — 2:05 left',
  ]);
  const actions = items.slice(0, 2).map((i) => (i.kind === 'item' ? i.action : null));
  assert.deepEqual(actions, [
    { type: 'sign-in', command: { ssoSession: 'studio' } },
    { type: 'sign-in', command: { profile: 'old' } },
  ]);
  for (const action of actions) assert.ok(action?.type === 'sign-in' && windowCommands.openSignIn.safeParse(action.command).success, 'the command passes the contract');
  assert.equal(labels(trayMenuModel([], NOW, [], [])).some((l) => l.startsWith('Sign-in needed')), false, 'nothing waits: no item');
  assert.equal(trayTooltip([], NOW, [{ ref: studio, waiting: 1 }]), 'GameLift Connect · sign-in needed: studio (account 123456789012 / role GameLiftAdmin)');
});
