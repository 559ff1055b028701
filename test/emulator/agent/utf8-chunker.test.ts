import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeRune, Utf8Chunker } from '../../../emulator/agent/utf8-chunker';

test('ASCII output is cut into 1024-byte frames', () => {
  const frames = new Utf8Chunker().push(Buffer.alloc(2500, 'a'));
  assert.deepEqual(frames.map((f) => f.length), [1024, 1024, 452]);
});

test('a character cut by the 1024-byte read is held back and leads the next frame (up to 1027 bytes)', () => {
  const chunker = new Utf8Chunker();
  const data = Buffer.concat([Buffer.alloc(1021, 'a'), Buffer.from('😀'), Buffer.alloc(1023, 'b')]); // 4 bytes, 3 in the first read
  const frames = chunker.push(data);
  assert.equal(frames[0]!.length, 1021);
  assert.equal(frames[1]!.length, 1027);
  assert.equal(frames[1]!.subarray(0, 4).toString(), '😀');
  assert.equal(Buffer.concat(frames).toString(), data.toString());
});

test('an incomplete character at the end waits for more output', () => {
  const chunker = new Utf8Chunker();
  assert.deepEqual(chunker.push(Buffer.from([0x61, 0xf0, 0x9f])), [Buffer.from('a')]);
  assert.deepEqual(chunker.push(Buffer.from([0x98, 0x80, 0x62])), [Buffer.from('😀b')]);
});

test('Go decoder quirk: a literal U+FFFD mid-read reaches the client as the lone byte EF', () => {
  const frames = new Utf8Chunker().push(Buffer.from('x\uFFFDyz!'));
  assert.deepEqual(frames, [Buffer.from([0x78, 0xef, 0x79, 0x7a, 0x21])]);
});

test('an invalid byte mid-read passes through unchanged', () => {
  assert.deepEqual(new Utf8Chunker().push(Buffer.from([0x61, 0xff, 0x62, 0x63, 0x64, 0x65])), [Buffer.from([0x61, 0xff, 0x62, 0x63, 0x64, 0x65])]);
});

test('decodeRune follows Go: overlong and surrogate encodings are errors of width 1', () => {
  assert.deepEqual(decodeRune(Buffer.from([0xc0, 0x80]), 0), { rune: 0xfffd, size: 1 });
  assert.deepEqual(decodeRune(Buffer.from([0xed, 0xa0, 0x80]), 0), { rune: 0xfffd, size: 1 });
  assert.deepEqual(decodeRune(Buffer.from('é'), 0), { rune: 0xe9, size: 2 });
  assert.deepEqual(decodeRune(Buffer.from('😀'), 0), { rune: 0x1f600, size: 4 });
});
