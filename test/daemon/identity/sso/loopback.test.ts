// The authorization-code redirect's loopback server, with real HTTP requests: only 127.0.0.1, only
// /oauth/callback, the code handed over once the state matches, another state answered and
// ignored, an error with the state ends the wait, and the deadline and cancel close the port.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startLoopbackReceiver } from '../../../../main/daemon/identity/sso/loopback';
import { DaemonError } from '../../../../main/daemon/errors';

const receiver = (deadlineMs = 10_000, signal = new AbortController().signal) => startLoopbackReceiver({ state: 'the-state', deadline: Date.now() + deadlineMs, signal });

describe('loopback receiver', () => {
  it('listens on 127.0.0.1 at a random port under /oauth/callback and hands over the code for the right state', async () => {
    const r = await receiver();
    const url = new URL(r.redirectUri);
    assert.equal(url.hostname, '127.0.0.1');
    assert.equal(url.pathname, '/oauth/callback');
    assert.ok(Number(url.port) > 0);
    assert.equal((await fetch(`http://127.0.0.1:${url.port}/other`)).status, 404);
    const wrong = await fetch(`${r.redirectUri}?code=stolen&state=guess`);
    assert.equal(wrong.status, 400, 'another state is refused');
    const right = await fetch(`${r.redirectUri}?code=the-code&state=the-state`);
    assert.equal(right.status, 200);
    assert.equal(right.headers.get('cache-control'), 'no-store');
    assert.match(await right.text(), /You can close this tab/);
    assert.equal(await r.code, 'the-code', 'the code of the matching callback, not the guessed one');
    await assert.rejects(fetch(r.redirectUri), 'the port is closed once the code came');
  });

  it('an error redirect with the state ends the wait, in words, and escapes what it shows', async () => {
    const r = await receiver();
    const res = await fetch(`${r.redirectUri}?error=access_denied&error_description=${encodeURIComponent('<b>no</b>')}&state=the-state`);
    assert.doesNotMatch(await res.text(), /<b>no<\/b>/);
    await assert.rejects(r.code, (err: DaemonError) => err.code === 'AccessDenied' && /refused/.test(err.message));
  });

  it('gives up at the deadline and on cancel, closing the port', async () => {
    const late = await receiver(200);
    await assert.rejects(late.code, (err: DaemonError) => /timed out/.test(err.message));
    await assert.rejects(fetch(late.redirectUri));
    const abort = new AbortController();
    const cancelled = await receiver(10_000, abort.signal);
    abort.abort();
    await assert.rejects(cancelled.code, (err: DaemonError) => /cancelled/.test(err.message));
    await assert.rejects(fetch(cancelled.redirectUri));
  });
});
