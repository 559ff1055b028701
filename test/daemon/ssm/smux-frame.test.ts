import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeSmuxFrame, SmuxCommand, SmuxDecoder, SmuxProtocolError } from '../../../main/daemon/ssm/smux-frame';

test('frames match the bytes observed from the plugin', () => {
  assert.equal(encodeSmuxFrame(SmuxCommand.Syn, 3).toString('hex'), '0100000003000000');
  assert.equal(encodeSmuxFrame(SmuxCommand.Psh, 3, Buffer.from('ping')).toString('hex'), '010204000300000070696e67');
  assert.equal(encodeSmuxFrame(SmuxCommand.Fin, 3).toString('hex'), '0101000003000000');
});

test('the decoder reassembles frames split at any byte', () => {
  const stream = Buffer.concat([
    encodeSmuxFrame(SmuxCommand.Syn, 3),
    encodeSmuxFrame(SmuxCommand.Psh, 3, Buffer.alloc(3000, 7)),
    encodeSmuxFrame(SmuxCommand.Fin, 3),
  ]);
  for (const step of [1, 7, 8, 1024]) {
    const decoder = new SmuxDecoder();
    const frames = [];
    for (let i = 0; i < stream.length; i += step) frames.push(...decoder.push(stream.subarray(i, i + step)));
    assert.deepEqual(frames.map((f) => [f.cmd, f.streamId, f.data.length]), [[0, 3, 0], [2, 3, 3000], [1, 3, 0]], `step ${step}`);
  }
});

test('a wrong version byte is a protocol error', () => {
  assert.throws(() => new SmuxDecoder().push(Buffer.from('0200000003000000', 'hex')), SmuxProtocolError);
});
