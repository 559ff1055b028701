// The native SSM client's diagnostics reach the daemon's log: the connector hands the client a
// `log` that writes `[ssm]` lines (with the target and Region) to the daemon's log file.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { logFilePath } from '../../../main/daemon/paths';
import { assertPrivateKeyring } from '../../support/keyring';
import { waitFor } from '../../support/wait';
import { FLEETS, startHarness, type Harness } from '../harness';

const LINUX = 'i-0a1f5c2e9b7d30001';
let h: Harness;

before(async () => {
  assertPrivateKeyring();
  h = await startHarness();
});
after(async () => {
  await h?.close();
});

test('a port session\'s diagnostics are [ssm] lines in the daemon\'s log', async () => {
  const session = await h.daemon.api.openForward({ fleetId: FLEETS.sdk5Linux, computeName: LINUX, remotePort: 7777 });
  const log = () => readFileSync(logFilePath(h.dataDir), 'utf8');
  const line = await waitFor('the port session ready line', () => log().split('\n').find((l) => /INFO {2}\[ssm\] \[\S+\] port session ready: \w+ mode/.test(l)));
  assert.match(line, new RegExp(`target=${LINUX} region=${h.emulator.region}$`));
  await h.daemon.api.endSession({ sessionId: session.id });
  assert.match(log(), new RegExp(`\\[sessions\\] session ended sessionId=${session.id}`));
});
