// What a client's exit means for its RDP session, for every platform's launcher: a client that
// owns the connection ends the session when it goes (quietly when closed normally, as a failure
// in its own words otherwise); a launcher that only hands over ends it only if the hand-over fails.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clientEnd, exitWithin } from '../../../main/daemon/rdp/client-exit';
import type { LaunchedClient } from '../../../main/daemon/rdp/launcher';

function client(over: Partial<LaunchedClient> = {}): LaunchedClient {
  return {
    name: 'xfreerdp',
    exited: new Promise(() => {}),
    lifetime: 'connection',
    closedNormally: (code) => code === 0,
    errorOutput: () => ['failed to open display:', 'Please check that the $DISPLAY environment variable is properly set.'],
    kill() {},
    ...over,
  };
}

test('a connection client closed normally ends the session quietly', () => {
  assert.deepEqual(clientEnd(client(), 0), { reason: 'the Remote Desktop client (xfreerdp) was closed', failed: false });
});

test('a failing client ends the session as a failure, in its own words (one line, no closing full stop)', () => {
  assert.deepEqual(clientEnd(client(), 1), {
    reason: 'the Remote Desktop client (xfreerdp) exited with code 1: failed to open display: · Please check that the $DISPLAY environment variable is properly set',
    failed: true,
  });
  assert.deepEqual(clientEnd(client({ errorOutput: () => [] }), null), { reason: 'the Remote Desktop client (xfreerdp) was stopped', failed: true });
});

test('a hand-over that worked means nothing for the session; one that failed ends it', () => {
  const open = client({ name: 'open', lifetime: 'hand-over', errorOutput: () => ['No application knows how to open the file.'] });
  assert.equal(clientEnd(open, 0), null);
  assert.deepEqual(clientEnd(open, 1), { reason: 'the Remote Desktop client (open) exited with code 1: No application knows how to open the file', failed: true });
});

test('exitWithin: the exit when it comes in time, undefined while the client still runs', async () => {
  assert.deepEqual(await exitWithin(client({ exited: Promise.resolve(131) }), 1000), { code: 131 });
  assert.equal(await exitWithin(client(), 50), undefined);
});
