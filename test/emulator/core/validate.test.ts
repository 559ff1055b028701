import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validate, type Shape } from '../../../emulator/core/validate';

const shape: Shape = {
  Name: { type: 'string', min: 2, max: 4, required: true, pattern: /^[a-z]+$/ },
  Count: { type: 'integer', min: 1, max: 10 },
  Tags: { type: 'list', max: 2, member: { type: 'structure', members: { Key: { type: 'string', enum: ['a', 'b'], required: true } } } },
  Labels: { type: 'map', key: { type: 'string', min: 1 }, value: { type: 'string', max: 3 } },
};

const failing = (input: Record<string, unknown>) => {
  try {
    validate(input, shape, 'ValidationException');
  } catch (error) {
    return error as Error & { code: string };
  }
  throw new Error('expected a validation error');
};

test('valid input passes and unknown members are ignored', () => {
  validate({ Name: 'abc', Count: 3, Tags: [{ Key: 'a' }], Labels: { x: 'yz' }, Extra: 1 }, shape, 'ValidationException');
});

test('every violation is listed, with AWS’s wording and member paths', () => {
  const error = failing({ Count: 0, Tags: [{ Key: 'c' }, {}, { Key: 'a' }], Labels: { x: 'long' } });
  assert.equal(error.code, 'ValidationException');
  assert.equal(
    error.message,
    "6 validation errors detected: Value null at 'name' failed to satisfy constraint: Member must not be null; " +
      "Value 0 at 'count' failed to satisfy constraint: Member must have value greater than or equal to 1; " +
      `Value '[{"Key":"c"},{},{"Key":"a"}]' at 'tags' failed to satisfy constraint: Member must have length less than or equal to 2; ` +
      "Value 'c' at 'tags.1.member.key' failed to satisfy constraint: Member must satisfy enum value set: [a, b]; " +
      "Value null at 'tags.2.member.key' failed to satisfy constraint: Member must not be null; " +
      "Value 'long' at 'labels.x.value' failed to satisfy constraint: Member must have length less than or equal to 3",
  );
});

test('a single violation says "1 validation error"', () => {
  assert.match(failing({ Name: 'ABC' }).message, /^1 validation error detected: Value 'ABC' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: \^\[a-z\]\+\$$/);
});

test('a wrong JSON type is a SerializationException', () => {
  assert.equal(failing({ Name: 'abc', Count: '3' }).code, 'SerializationException');
  assert.equal(failing({ Name: 'abc', Tags: {} }).code, 'SerializationException');
});
