// Only the app's own window, main frame, on the app's own origin may call the daemon over IPC.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { APP_ORIGIN, isTrustedSender, originOf, type InvokeEventLike, type TrustPolicy } from '../../main/electron/sender-guard';

const policy: TrustPolicy = { trustedContents: new Set([7]), trustedOrigins: new Set([APP_ORIGIN]) };
const mainFrame = (url: string, id = 7): InvokeEventLike => ({ sender: { id }, senderFrame: { url, parent: null } });

test('the app window on app://bundle is trusted', () => {
  assert.equal(isTrustedSender(mainFrame('app://bundle/index.html'), policy), true);
  assert.equal(isTrustedSender(mainFrame('app://bundle/index.html#token=x'), policy), true);
});

test('other origins, schemes and look-alikes are refused', () => {
  for (const url of [
    'file:///work/main/dist/renderer/index.html',
    'https://evil.example/index.html',
    'app://bundle.evil/index.html',
    'app://evil/index.html',
    'http://127.0.0.1:5173/',
    'about:blank',
    'data:text/html,hi',
    'not a url',
    '',
  ]) {
    assert.equal(isTrustedSender(mainFrame(url), policy), false, url);
  }
});

test('a subframe, a missing frame or another webContents is refused', () => {
  assert.equal(isTrustedSender({ sender: { id: 7 }, senderFrame: { url: 'app://bundle/index.html', parent: {} } }, policy), false);
  assert.equal(isTrustedSender({ sender: { id: 7 }, senderFrame: null }, policy), false);
  assert.equal(isTrustedSender(mainFrame('app://bundle/index.html', 8), policy), false);
});

test('the dev server is trusted only when listed (development builds)', () => {
  const dev: TrustPolicy = { trustedContents: new Set([7]), trustedOrigins: new Set([APP_ORIGIN, 'http://localhost:5173']) };
  assert.equal(isTrustedSender(mainFrame('http://localhost:5173/'), dev), true);
  assert.equal(isTrustedSender(mainFrame('http://localhost:5174/'), dev), false);
  assert.equal(isTrustedSender(mainFrame('http://localhost:5173/'), policy), false);
});

test('originOf keeps custom schemes distinct (WHATWG gives them the origin "null")', () => {
  assert.equal(originOf('app://bundle/x/y.js'), 'app://bundle');
  assert.equal(originOf('http://127.0.0.1:8080/a'), 'http://127.0.0.1:8080');
  assert.equal(originOf('file:///etc/passwd'), null);
  assert.equal(originOf('::'), null);
});
