// Closing the window: to the tray when there is one (asked once), never hidden without one.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { closeAction, desktopHasTray } from '../../main/electron/close-policy';

test('with a tray: ask the first time, then follow the remembered answer', () => {
  assert.equal(closeAction({ quitting: false, trayAvailable: true, preference: null, liveSessions: 0 }), 'ask');
  assert.equal(closeAction({ quitting: false, trayAvailable: true, preference: 'tray', liveSessions: 3 }), 'hide-to-tray');
  assert.equal(closeAction({ quitting: false, trayAvailable: true, preference: 'quit', liveSessions: 3 }), 'quit');
});

test('without a tray the window is never hidden', () => {
  assert.equal(closeAction({ quitting: false, trayAvailable: false, preference: 'tray', liveSessions: 2 }), 'minimize');
  assert.equal(closeAction({ quitting: false, trayAvailable: false, preference: 'tray', liveSessions: 0 }), 'quit');
});

test('an explicit quit always quits', () => {
  assert.equal(closeAction({ quitting: true, trayAvailable: true, preference: 'tray', liveSessions: 5 }), 'quit');
});

test('tray availability by desktop', () => {
  assert.equal(desktopHasTray('win32', {}), true);
  assert.equal(desktopHasTray('darwin', {}), true);
  assert.equal(desktopHasTray('linux', { XDG_CURRENT_DESKTOP: 'KDE' }), true);
  assert.equal(desktopHasTray('linux', { XDG_CURRENT_DESKTOP: 'ubuntu:GNOME' }), true);
  assert.equal(desktopHasTray('linux', { XDG_CURRENT_DESKTOP: 'GNOME' }), false);
  assert.equal(desktopHasTray('linux', {}), false);
});
