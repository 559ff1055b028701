// The Linux launcher against a real RDP server with NLA: the login is accepted with the right
// password, refused with a wrong one, and the password never appears in the client's arguments.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { launchXfreerdp, xfreerdpArgs } from '../../../main/daemon/rdp/linux';
import { startRdpServer, type RdpServer } from '../../support/rdp-server';

let rdp: RdpServer;
before(async () => {
  rdp = await startRdpServer();
});
after(() => rdp?.stop());

const authOnly = () => ({ extraArgs: ['/sec:nla', '+auth-only'], env: { ...process.env, DISPLAY: rdp.display } });

test('the password goes through stdin, never the arguments', () => {
  const args = xfreerdpArgs({ host: 'h', port: 1, username: 'u', password: 'canary-pw-123' });
  assert.ok(!args.join(' ').includes('canary-pw-123'));
  assert.ok(args.includes('/from-stdin:force'));
});

test('a login with the issued password is accepted', async () => {
  const client = await launchXfreerdp({ host: rdp.host, port: rdp.port, username: rdp.user, password: rdp.password }, authOnly());
  assert.equal(await client.exited, 0, rdp.log());
});

test('a wrong password is refused, and is not in /proc/<pid>/cmdline while the client runs', async () => {
  const wrong = `${rdp.password}-wrong`;
  const client = await launchXfreerdp({ host: rdp.host, port: rdp.port, username: rdp.user, password: wrong }, authOnly());
  const cmdlines: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      cmdlines.push(readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
    } catch {
      // processes come and go
    }
  }
  assert.ok(!cmdlines.some((c) => c.includes(wrong)));
  assert.notEqual(await client.exited, 0);
});
