import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { decodeFrame, encodeAck, encodeFrame, flagPayload, frameProblem, FlagValue, HeaderFlags, MessageType, PayloadType, FrameError } from '../../../main/daemon/ssm/frame';

// Generated from the layout and verified byte for byte against the plugin's own serialiser.
const vectors = JSON.parse(readFileSync(new URL('../../fixtures/ssm-vectors.json', import.meta.url), 'utf8')) as Record<string, string>;
const CREATED = 1_700_000_000_000;
const hex = (name: string) => Buffer.from(vectors[name]!, 'hex');

test('acknowledge vector: client acks agent output seq 0', () => {
  const bytes = encodeAck(
    { messageType: MessageType.OutputStreamData, messageId: '5f2c3a8e-1b4d-4c6e-9f70-0a1b2c3d4e5f', sequenceNumber: 0 },
    { messageId: 'dd01e56b-ff48-483e-a508-b5f073f31b16', createdDate: CREATED },
  );
  assert.equal(bytes.toString('hex'), vectors.ack);
  assert.equal(bytes.length, 296);
});

test('input_stream_data vector with a 5-byte payload', () => {
  const bytes = encodeFrame({
    messageType: MessageType.InputStreamData, sequenceNumber: 1, payloadType: PayloadType.Output,
    payload: Buffer.from('ls -l'), messageId: '0f8fad5b-d9cb-469f-a165-70867728950e', createdDate: CREATED,
  });
  assert.equal(bytes.toString('hex'), vectors.input);
});

test('size vector', () => {
  const bytes = encodeFrame({
    messageType: MessageType.InputStreamData, sequenceNumber: 2, payloadType: PayloadType.Size,
    payload: Buffer.from(JSON.stringify({ cols: 80, rows: 24 })), messageId: '7c9e6679-7425-40de-944b-e07fc1f90ae7', createdDate: CREATED,
  });
  assert.equal(bytes.toString('hex'), vectors.size);
});

test('TerminateSession flag vector', () => {
  const bytes = encodeFrame({
    messageType: MessageType.InputStreamData, sequenceNumber: 3, payloadType: PayloadType.Flag,
    payload: flagPayload(FlagValue.TerminateSession), messageId: 'a3bb189e-8bf9-3888-9912-ace4e6543002', createdDate: CREATED,
  });
  assert.equal(bytes.toString('hex'), vectors.flag);
});

test('agent output vector with SYN decodes and re-encodes identically', () => {
  const frame = decodeFrame(hex('output'));
  assert.equal(frame.messageType, MessageType.OutputStreamData);
  assert.equal(frame.sequenceNumber, 0);
  assert.equal(frame.flags, HeaderFlags.Syn);
  assert.equal(frame.messageId, '5f2c3a8e-1b4d-4c6e-9f70-0a1b2c3d4e5f');
  assert.equal(frame.payload.toString(), 'hi\r\n');
  assert.equal(frame.createdDate, CREATED);
  assert.equal(frameProblem(frame), null);
  assert.equal(encodeFrame(frame).toString('hex'), vectors.output);
});

test('every vector round-trips through decode and encode', () => {
  for (const name of ['ack', 'input', 'size', 'flag', 'output']) {
    assert.equal(encodeFrame(decodeFrame(hex(name))).toString('hex'), vectors[name], name);
  }
});

test('a corrupted payload is caught by the digest check, a truncated frame by the parser', () => {
  const bytes = hex('input');
  bytes.writeUInt8(bytes.readUInt8(bytes.length - 1) ^ 0xff, bytes.length - 1);
  assert.equal(frameProblem(decodeFrame(bytes)), 'payload digest mismatch');
  assert.throws(() => decodeFrame(bytes.subarray(0, 100)), FrameError);
  const zeroHeader = hex('input');
  zeroHeader.writeUInt32BE(0, 0);
  assert.throws(() => decodeFrame(zeroHeader), FrameError);
});

test('publication frames pass validation with empty fields; others need a created date', () => {
  const pause = decodeFrame(encodeFrame({ messageType: MessageType.PausePublication, sequenceNumber: 0, payloadType: 0, payload: Buffer.alloc(0), createdDate: 0 }));
  assert.equal(frameProblem(pause), null);
  const undated = decodeFrame(encodeFrame({ messageType: MessageType.OutputStreamData, sequenceNumber: 0, payloadType: 1, payload: Buffer.from('x'), createdDate: 0 }));
  assert.equal(frameProblem(undated), 'created date is zero');
});
