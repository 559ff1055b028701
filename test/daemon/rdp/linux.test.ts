// The Linux launcher against a real RDP server with NLA: the login is accepted with the right
// password, refused with a wrong one, and the password never appears in the client's arguments;
// a shared folder is one /drive argument that the real client takes and loads as a drive device.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { exitWithin } from '../../../main/daemon/rdp/client-exit';
import { prepareFolderShare } from '../../../main/daemon/rdp/shared-folder';
import { argvsWith } from '../../support/processes';
import { waitFor } from '../../support/wait';
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
  assert.deepEqual(argvsWith(wrong), []);
  assert.notEqual(await client.exited, 0);
});

test('a shared folder (spaces in its path): one /drive:<name>,<path> argument, no password on any command line, and the connected client loads the drive', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'glc-drive-'));
  const folder = join(dir, 'Game Build 7');
  mkdirSync(folder);
  const { share } = await prepareFolderShare({ path: folder }, 'linux');
  assert.ok(xfreerdpArgs({ host: 'h', port: 1, share }).includes(`/drive:Game_Build_7,${folder}`));
  // The client's own log, to a file (its console log goes to stdout, which the launcher drops).
  const env = {
    ...process.env,
    DISPLAY: rdp.display,
    WLOG_APPENDER: 'FILE',
    WLOG_FILEAPPENDER_OUTPUT_FILE_PATH: dir,
    WLOG_FILEAPPENDER_OUTPUT_FILE_NAME: 'client.log',
    WLOG_FILTER: 'com.freerdp.channels.rdpdr.client:INFO',
  };
  const client = await launchXfreerdp({ host: rdp.host, port: rdp.port, username: rdp.user, password: rdp.password, share }, { extraArgs: ['/sec:nla'], env });
  try {
    const argvs = argvsWith(`/drive:${share.name},`);
    assert.equal(argvs.length, 1, 'one client with the drive');
    assert.ok(argvs[0]!.includes(`/drive:Game_Build_7,${folder}`), argvs[0]!.join(' '));
    assert.deepEqual(argvsWith(rdp.password), []);
    // FreeRDP's shadow server offers no rdpdr (device redirection) channel, so no server here
    // announces or lists the drive; what can be seen is the client loading it once connected.
    await waitFor('the client to load the drive device', () => {
      try {
        return readFileSync(join(dir, 'client.log'), 'utf8').includes(`Loading device service drive [${share.name}]`);
      } catch {
        return false;
      }
    }, 20_000);
    assert.equal(await exitWithin(client, 500), undefined, 'still connected');
  } finally {
    client.kill();
    await client.exited;
    rmSync(dir, { recursive: true, force: true });
  }
});
