import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseForward } from '../../renderer/src/forward-input';

const target = { fleetId: 'fleet-1234', computeName: 'compute-1' };

test('a remote port alone is a valid forward', () => {
  assert.deepEqual(parseForward(target, { remotePort: ' 7777 ', localPort: '', remoteHost: '' }), {
    ok: true,
    input: { fleetId: 'fleet-1234', computeName: 'compute-1', remotePort: 7777 },
  });
});

test('local port and remote host are passed when given', () => {
  const parsed = parseForward(target, { remotePort: '5432', localPort: '15432', remoteHost: 'db.internal' });
  assert.deepEqual(parsed, { ok: true, input: { ...target, remotePort: 5432, localPort: 15432, remoteHost: 'db.internal' } });
});

test('bad values get a message on their own field', () => {
  const cases: Array<[Record<'remotePort' | 'localPort' | 'remoteHost', string>, string[]]> = [
    [{ remotePort: '', localPort: '', remoteHost: '' }, ['remotePort']],
    [{ remotePort: '0', localPort: '', remoteHost: '' }, ['remotePort']],
    [{ remotePort: '65536', localPort: '', remoteHost: '' }, ['remotePort']],
    [{ remotePort: '80x', localPort: '', remoteHost: '' }, ['remotePort']],
    [{ remotePort: '80', localPort: '-1', remoteHost: '' }, ['localPort']],
    [{ remotePort: '80', localPort: '', remoteHost: 'bad host!' }, ['remoteHost']],
    [{ remotePort: 'x', localPort: '99999', remoteHost: 'a b' }, ['localPort', 'remoteHost', 'remotePort']],
  ];
  for (const [values, fields] of cases) {
    const parsed = parseForward(target, values);
    assert.equal(parsed.ok, false, JSON.stringify(values));
    if (!parsed.ok) {
      assert.deepEqual(Object.keys(parsed.errors).sort(), fields, JSON.stringify(values));
      for (const message of Object.values(parsed.errors)) assert.match(message, /Enter/);
    }
  }
});
