// electron-builder.yml is valid for the installed electron-builder and keeps the promised
// targets, icons and fuses.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';

const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { load(text: string): unknown };
const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
  validateConfiguration(config: unknown, logger: { add(): void; isEnabled: boolean }): Promise<void>;
};

type Config = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const config = yaml.load(readFileSync('electron-builder.yml', 'utf8')) as Config;

test('passes electron-builder\'s own schema validation', async () => {
  await validateConfiguration(structuredClone(config), { add() {}, isEnabled: false });
});

test('fuses lock the packaged binary down', () => {
  assert.deepEqual(config.electronFuses, {
    runAsNode: false,
    enableCookieEncryption: true,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    grantFileProtocolExtraPrivileges: false,
  });
  assert.equal(config.asar, true);
});

test('targets: Windows nsis, macOS dmg, Linux AppImage and deb', () => {
  assert.deepEqual(config.win.target.map((t: Config) => t.target), ['nsis']);
  assert.deepEqual(config.mac.target.map((t: Config) => t.target), ['dmg']);
  assert.deepEqual(config.linux.target, ['AppImage', 'deb']);
  assert.equal(config.appId, 'com.gameliftconnect.app');
});

test('icons and tray assets exist; the app icon is a 512×512 PNG', () => {
  for (const file of ['build/icon.png', 'build/icon.ico', 'build/tray/tray.png', 'build/tray/tray.ico', 'build/tray/trayTemplate.png', 'build/tray/trayTemplate@2x.png']) {
    assert.ok(existsSync(file), file);
  }
  const png = readFileSync('build/icon.png');
  assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
  assert.equal(png.readUInt32BE(16), 512);
  assert.equal(png.readUInt32BE(20), 512);
});

test('only built output is packed (no sources, no maps)', () => {
  assert.ok(config.files.every((f: string) => f.startsWith('dist/') || f.startsWith('!') || f === 'package.json'), String(config.files));
  assert.ok(config.files.includes('!**/*.map'));
});
