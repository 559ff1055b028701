// The daemon's messages are shared with the CLI; the window rewords the few that name a
// command-line flag (renderer/src/api/errors.ts → windowWords, forWindow).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConnectError } from '../../preload/contract';
import { forWindow, windowWords } from '../../renderer/src/api/errors';

test('the local port in use: the field, not --local-port', () => {
  const daemon = 'Local port 8080 on 127.0.0.1 is already in use; pick another with --local-port, or omit it for a free one.';
  assert.equal(windowWords(daemon), 'Local port 8080 on 127.0.0.1 is already in use; pick another local port, or leave Local port empty for a free one.');
});

test('known flags become the control that does the same; unknown ones a setting; no flag survives', () => {
  assert.equal(windowWords('Try again with --profile dev.'), 'Try again with the profile picker in the top bar.');
  assert.equal(windowWords('Look there with --region eu-west-1.'), 'Look there with the Region picker in the top bar.');
  assert.equal(windowWords('Use --refresh to list them again.'), 'Use the Refresh button to list them again.');
  const unknown = windowWords('Raise it with --credential-lifetime.');
  assert.equal(unknown, 'Raise it with the credential lifetime setting.');
  for (const text of ['with --open-port', 'use --auto-open-ports now', '--location us-east-1', 'set --verbose']) assert.doesNotMatch(windowWords(text), /--[a-z]/, text);
});

test('another tool\'s command stays whole: the user runs it in a terminal', () => {
  const hint = 'Sign in again (for SSO profiles: aws sso login --profile dev) or pick another profile.';
  assert.equal(windowWords(hint), hint);
});

test('text without flags is left alone; forWindow rewords message and hint and keeps the code', () => {
  assert.equal(windowWords('Fleet fleet-1 is not active.'), 'Fleet fleet-1 is not active.');
  const plain = new ConnectError({ code: 'NotFound', message: 'No such compute.' });
  assert.equal(forWindow(plain), plain);
  const reworded = forWindow(new ConnectError({ code: 'PortInUse', message: 'In use; pick another with --local-port, or omit it for a free one.', hint: 'Or pass --local-port 0.' }));
  assert.equal(reworded.code, 'PortInUse');
  assert.doesNotMatch(`${reworded.message} ${reworded.hint}`, /--/);
});
