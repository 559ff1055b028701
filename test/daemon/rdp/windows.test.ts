// The .rdp file mstsc gets when a folder is shared (mstsc itself only runs on Windows): address,
// user and the folder's drive in mstsc's own spelling, never the password.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { shareOn } from '../../../main/daemon/rdp/shared-folder';
import { mstscRdpFile } from '../../../main/daemon/rdp/windows';

test('a shared folder: its drive in drivestoredirect, CRLF lines, no password', () => {
  const { share } = shareOn('win32', 'E:\\builds\\nightly', 'nightly');
  const file = mstscRdpFile({ host: '203.0.113.7', port: 3389, username: 'gl-user-remote', password: 'canary-pw-123', share });
  assert.equal(file, 'full address:s:203.0.113.7:3389\r\nusername:s:gl-user-remote\r\ndrivestoredirect:s:E:\\;\r\n');
  assert.ok(!file.includes('canary-pw-123'));
});

test('without a user (SDK 5 over a forward) the file names only the address and the drive', () => {
  const file = mstscRdpFile({ host: '127.0.0.1', port: 51234, share: { path: 'C:\\x', name: 'C' } });
  assert.equal(file, 'full address:s:127.0.0.1:51234\r\ndrivestoredirect:s:C:\\;\r\n');
});

test('a line break in a value is refused, not written as another property', () => {
  assert.throws(() => mstscRdpFile({ host: 'h', port: 1, username: 'u\r\nalternate shell:s:cmd' }), (e: Error & { code?: string }) => e.code === 'InvalidInput');
});
