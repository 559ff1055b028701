// SearchGameSessions' expression grammar, unit by unit (the SDK tests cover it end to end).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matches, parseFilter, parseSort, sortBy, type Searchable } from '../../../emulator/gamelift/search-expression';

const session = (over: Partial<Searchable> = {}): Searchable => ({
  gameSessionId: 'arn:aws:gamelift:us-west-2::gamesession/fleet-1/gsess-1',
  gameSessionName: "Matt's Awesome Game 1",
  gameSessionProperties: { difficulty: 'novice', level: '10' },
  maximumSessions: 10,
  creationTimeMillis: 1_700_000_000_000,
  playerSessionCount: 3,
  hasAvailablePlayerSessions: true,
  ...over,
});

test('the API reference’s examples parse and match', () => {
  assert.ok(matches(parseFilter("gameSessionName = 'Matt\\'s Awesome Game 1'"), session()));
  assert.ok(matches(parseFilter('gameSessionProperties.difficulty = "novice"'), session()));
  assert.ok(matches(parseFilter('maximumSessions>=10 AND hasAvailablePlayerSessions=true'), session()));
  assert.ok(!matches(parseFilter('maximumSessions>=10 AND hasAvailablePlayerSessions=true'), session({ hasAvailablePlayerSessions: false })));
});

test('precedence: NOT over AND over OR, parentheses first', () => {
  const s = session();
  assert.deepEqual(parseFilter('maximumSessions = 1 OR maximumSessions = 10 AND playerSessionCount = 3'), {
    kind: 'or',
    left: { kind: 'condition', operand: 'maximumSessions', comparator: '=', value: 1 },
    right: {
      kind: 'and',
      left: { kind: 'condition', operand: 'maximumSessions', comparator: '=', value: 10 },
      right: { kind: 'condition', operand: 'playerSessionCount', comparator: '=', value: 3 },
    },
  });
  assert.ok(!matches(parseFilter('NOT maximumSessions = 10 AND playerSessionCount = 3'), s));
  assert.ok(matches(parseFilter('NOT (maximumSessions = 1 AND playerSessionCount = 3)'), s));
  assert.ok(matches(parseFilter('NOT NOT maximumSessions = 10 AND (playerSessionCount < 4)'), s));
});

test('property values are strings: numbers compare as the text written', () => {
  assert.ok(matches(parseFilter('gameSessionProperties.level = 10'), session()));
  assert.ok(!matches(parseFilter('gameSessionProperties.level = 10.0'), session()));
  assert.ok(!matches(parseFilter("gameSessionProperties.absent <> 'x'"), session()), 'an absent property matches nothing');
});

test('numbers may be negative or fractional; comparisons are numeric', () => {
  assert.ok(matches(parseFilter('playerSessionCount > -1 AND playerSessionCount < 3.5'), session()));
  assert.ok(matches(parseFilter('creationTimeMillis >= 1700000000000'), session()));
});

test('sort: order and nulls last', () => {
  const a = session({ gameSessionName: 'b' });
  const b = session({ gameSessionName: undefined });
  const c = session({ gameSessionName: 'a' });
  const names = (items: Searchable[]) => items.map((s) => s.gameSessionName ?? null);
  assert.deepEqual(names(sortBy([a, b, c], parseSort('gameSessionName ASC'), (s) => s)), ['a', 'b', null]);
  assert.deepEqual(names(sortBy([a, b, c], parseSort('gameSessionName desc'), (s) => s)), ['b', 'a', null]);
  assert.deepEqual(parseSort('gameSessionProperties.level DESC'), { operand: 'gameSessionProperties.level', descending: true });
});
