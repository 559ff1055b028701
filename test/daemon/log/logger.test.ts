// The daemon's log file: a line per call (ISO time, level, scope, message, fields), 0600 in a 0700
// dir, rotated by size into a fixed number of files, never throwing, and with every secret shape
// the daemon handles redacted, wherever it appears (message, field, error) and whatever the field
// is called; objects (an AWS credential object, say) are never serialised.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { dataDirLogger, fileLogger } from '../../../main/daemon/log/logger';
import { redact } from '../../../main/daemon/log/redact';
import { logFilePath } from '../../../main/daemon/paths';

const freshDir = () => mkdtempSync(join(tmpdir(), 'glc-log-'));
const lines = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean);

test('a line per call: ISO time, level, scope, message and fields; below the level nothing', () => {
  const dir = freshDir();
  const log = dataDirLogger(dir);
  assert.equal(log.file, logFilePath(dir));
  log.info('sessions', 'session active', { sessionId: 'gc-1', fleetId: 'fleet-1', port: 4022, sandbox: false });
  log.warn('vault', 'could not delete a keychain item', { key: 'gc-1.42-7-ab' }, Object.assign(new Error('item is locked'), { code: 'ELOCKED' }));
  log.debug('ssm', 'not written at the default level');
  log.error('api', 'multi\nline message', { note: 'with spaces "and quotes"' }, new Error('boom'));
  const written = lines(log.file!);
  assert.equal(written.length, 3);
  assert.match(written[0]!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z INFO {2}\[sessions\] session active sessionId=gc-1 fleetId=fleet-1 port=4022 sandbox=false$/);
  assert.match(written[1]!, /WARN {2}\[vault\] could not delete a keychain item key=gc-1\.42-7-ab error="Error \(ELOCKED\): item is locked"$/);
  assert.match(written[2]!, /ERROR \[api\] multi line message note="with spaces \\"and quotes\\"" error="Error: boom\\n {4}at /, 'errors keep their stack at level error, on one line');
});

test('the file is 0600 in a 0700 directory, also when it existed with wider permissions', () => {
  const dir = freshDir();
  const log = dataDirLogger(dir);
  log.info('daemon', 'starting');
  assert.equal(statSync(log.file!).mode & 0o777, 0o600);
  assert.equal(statSync(join(dir, 'logs')).mode & 0o777, 0o700);

  const other = join(freshDir(), 'old.log');
  writeFileSync(other, 'old line\n', { mode: 0o644 });
  chmodSync(other, 0o644);
  fileLogger({ file: other }).info('daemon', 'starting');
  assert.equal(statSync(other).mode & 0o777, 0o600);
});

test('rotated by size into at most `files` files, newest lines in the current one', () => {
  const dir = freshDir();
  const file = join(dir, 'logs', 'd.log');
  const log = fileLogger({ file, maxBytes: 1000, files: 3 });
  for (let i = 0; i < 100; i++) log.info('test', `line ${String(i).padStart(3, '0')} ${'x'.repeat(60)}`);
  assert.deepEqual(readdirSync(join(dir, 'logs')).sort(), ['d.log', 'd.log.1', 'd.log.2']);
  for (const f of ['d.log', 'd.log.1', 'd.log.2']) assert.ok(statSync(join(dir, 'logs', f)).size <= 1000, `${f} stays under maxBytes`);
  assert.match(lines(file).at(-1)!, /line 099/);
  const n = (f: string) => lines(f).map((l) => Number(/line (\d+)/.exec(l)![1]));
  const [older, old, current] = [n(`${file}.2`), n(`${file}.1`), n(file)];
  assert.ok(older.at(-1)! + 1 === old[0] && old.at(-1)! + 1 === current[0], 'the three files are consecutive: nothing lost between them');
  assert.ok(older[0]! > 0, 'the oldest lines were dropped');
});

test('writing never throws, even where the file cannot be written', () => {
  const dir = freshDir();
  writeFileSync(join(dir, 'logs'), 'a file where the log dir should be');
  const log = dataDirLogger(dir);
  log.error('api', 'nowhere to go');
  assert.ok(!existsSync(log.file!));
});

test('--verbose: the mirror gets every written line, from its own level', () => {
  const dir = freshDir();
  const mirrored: string[] = [];
  const log = dataDirLogger(dir, { mirror: (l) => mirrored.push(l), mirrorLevel: 'debug' });
  log.debug('ssm', 'a debug line');
  log.info('ssm', 'an info line');
  assert.equal(mirrored.length, 2);
  assert.equal(lines(log.file!).length, 1, 'the file keeps its own level');
  assert.ok(mirrored[1]!.endsWith('[ssm] an info line\n'));
});

// Shapes as AWS and the daemon produce them (values made up, lengths and alphabets real).
const SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const SESSION_TOKEN = `IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLXdlc3QtMiJHMEUCIQD${'A1b2C3d4E5f6G7h8'.repeat(20)}==`;
const PEM = '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\nVTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK\n-----END RSA PRIVATE KEY-----';
const BEARER = 'd2f0c7a1e9b84c55a6e3f1b2c4d5e6f7';
const STREAM_TOKEN = 'AAEAAZk3m8Qe0tYx-token.value_42';
const PASSWORD = 'Tr0ub4dor&3-horse';

test('every secret shape is redacted, in the message, in any field and in an error', () => {
  const file = join(freshDir(), 'd.log');
  const log = fileLogger({ file, level: 'debug' });
  log.info('ssm', `creds ${SECRET_KEY} token ${SESSION_TOKEN}`);
  log.info('ssh', 'key', { detail: PEM });
  log.info('api', `Authorization: Bearer ${BEARER}`, { protocol: `bearer.${BEARER}` });
  log.info('ssm', `{"TokenValue":"${STREAM_TOKEN}","StreamUrl":"wss://x"}`, { body: `TokenValue=${STREAM_TOKEN}` });
  log.info('rdp', `xfreerdp /u:gl-user /p:${PASSWORD} /v:host`, { password: PASSWORD, sessionToken: 'short', secretAccessKey: 'short2' });
  log.warn('vault', 'failed', {}, new Error(`"Password": "${PASSWORD}" SecretAccessKey=${SECRET_KEY}`));
  log.info('daemon', 'an object is never serialised', { creds: { accessKeyId: 'AKIA', secretAccessKey: SECRET_KEY } as never });
  const text = readFileSync(file, 'utf8');
  assert.equal(lines(file).length, 7, 'still a line per call (the PEM is not split)');
  for (const secret of [SECRET_KEY, SESSION_TOKEN, 'MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun', BEARER, STREAM_TOKEN, PASSWORD, 'short', 'short2']) {
    assert.ok(!text.includes(secret), `redacted: ${secret.slice(0, 12)}…`);
  }
  assert.match(text, /\[private key \*\*\*\]/);
  assert.match(text, /Bearer \*\*\*/);
  assert.match(text, /creds=\[object\]/);
  assert.match(text, /"StreamUrl":"wss:\/\/x"/, 'what is not secret stays readable');
});

test('redact() leaves ordinary text alone', () => {
  const plain = 'session gc-7f3a ended: the shell exited (code 0) on i-0a1f5c2e9b7d30001 in us-west-2; 3 tokens of advice';
  assert.equal(redact(plain), plain);
});
