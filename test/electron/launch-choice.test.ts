// npm start's decisions: Electron only where its binary and a display exist (found without
// triggering the electron package's download), and the sandbox when no AWS identity is set up.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { findElectron, shouldOpenSandbox } from '../../main/daemon/web/launch-choice';

const dir = '/app/node_modules/electron';
const files = (present: Record<string, string>) => ({
  exists: (p: string) => p in present,
  read: (p: string) => present[p] ?? '',
});

test('Electron is used when its binary is there and a display exists', () => {
  const fs = files({ [join(dir, 'package.json')]: '{}', [join(dir, 'path.txt')]: 'electron', [join(dir, 'dist/electron')]: '' });
  assert.deepEqual(findElectron(dir, { DISPLAY: ':0' }, 'linux', fs.exists, fs.read), { ok: true, binary: join(dir, 'dist/electron') });
  assert.deepEqual(findElectron(dir, {}, 'darwin', fs.exists, fs.read), { ok: true, binary: join(dir, 'dist/electron') });
});

test('each reason not to start Electron is named', () => {
  assert.match(String((findElectron(dir, {}, 'linux', files({}).exists) as { reason: string }).reason), /not installed/);
  const noBinary = files({ [join(dir, 'package.json')]: '{}' });
  assert.match(String((findElectron(dir, { DISPLAY: ':0' }, 'linux', noBinary.exists, noBinary.read) as { reason: string }).reason), /not downloaded/);
  const noDisplay = files({ [join(dir, 'package.json')]: '{}', [join(dir, 'path.txt')]: 'electron', [join(dir, 'dist/electron')]: '' });
  assert.match(String((findElectron(dir, {}, 'linux', noDisplay.exists, noDisplay.read) as { reason: string }).reason), /no graphical display/);
});

test('checking the installed electron package downloads nothing, and a missing binary is reported as such', () => {
  const installed = join(process.cwd(), 'node_modules/electron');
  const downloaded = existsSync(join(installed, 'dist'));
  const check = findElectron(installed, process.env, process.platform);
  assert.equal(existsSync(join(installed, 'dist')), downloaded, 'the check started no download');
  if (!downloaded) assert.match(String((check as { reason?: string }).reason), /not downloaded/);
});

test('the sandbox opens when no AWS identity is configured', () => {
  assert.equal(shouldOpenSandbox({}, 0), true);
  assert.equal(shouldOpenSandbox({}, 2), false);
  assert.equal(shouldOpenSandbox({ AWS_PROFILE: 'dev' }, 0), false);
  assert.equal(shouldOpenSandbox({ AWS_ACCESS_KEY_ID: 'AKIA…' }, 0), false);
  assert.equal(shouldOpenSandbox({ GAMELIFT_CONNECT_SANDBOX: '1' }, 5), true);
  assert.equal(shouldOpenSandbox({ GAMELIFT_CONNECT_SANDBOX: '0' }, 0), false);
});
