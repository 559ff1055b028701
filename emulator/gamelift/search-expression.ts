// SearchGameSessions' FilterExpression and SortExpression, per the API reference: conditions
// `operand comparator value` over gameSessionId, gameSessionName, gameSessionProperties.<key>,
// maximumSessions, creationTimeMillis, playerSessionCount and hasAvailablePlayerSessions, with the
// comparators = <> < > <= >=, chained with AND, OR, NOT and parentheses (precedence: comparisons,
// parentheses, NOT, AND, OR). Strings are quoted ('…', or "…" as the property example shows) with
// backslash escapes and compared case-sensitively; booleans and strings allow only = and <>.
import { invalidRequest } from '../core/aws-error';

/** What a game session offers to a search. */
export interface Searchable {
  gameSessionId: string;
  gameSessionName: string | undefined;
  gameSessionProperties: Record<string, string>;
  maximumSessions: number;
  creationTimeMillis: number;
  playerSessionCount: number;
  hasAvailablePlayerSessions: boolean;
}

type Value = string | number | boolean;
type Comparator = '=' | '<>' | '<' | '>' | '<=' | '>=';
export type Filter =
  | { kind: 'and' | 'or'; left: Filter; right: Filter }
  | { kind: 'not'; operand: Filter }
  | { kind: 'condition'; operand: string; comparator: Comparator; value: Value };

const NUMERIC = new Set(['maximumSessions', 'creationTimeMillis', 'playerSessionCount']);
const STRING = new Set(['gameSessionId', 'gameSessionName']);
const BOOLEAN = new Set(['hasAvailablePlayerSessions']);
const PROPERTY = 'gameSessionProperties.';

type Token = { type: 'word' | 'string' | 'number' | 'op' | '(' | ')'; text: string; value?: Value; at: number };

function tokenize(source: string, what: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')') {
      tokens.push({ type: c, text: c, at: i++ });
    } else if ('=<>!'.includes(c)) {
      const two = source.slice(i, i + 2);
      const op = ['<>', '<=', '>=', '!='].includes(two) ? two : c;
      if (op === '!' || op === '!=') throw bad(what, `unsupported comparator '${op}' at position ${i + 1}; use <>`);
      tokens.push({ type: 'op', text: op, at: i });
      i += op.length;
    } else if (c === "'" || c === '"') {
      let text = '';
      let j = i + 1;
      for (; j < source.length && source[j] !== c; j++) {
        if (source[j] === '\\' && j + 1 < source.length) j++;
        text += source[j];
      }
      if (j >= source.length) throw bad(what, `unterminated string starting at position ${i + 1}`);
      tokens.push({ type: 'string', text: source.slice(i, j + 1), value: text, at: i });
      i = j + 1;
    } else if (/[-0-9]/.test(c)) {
      const m = /^-?\d+(\.\d+)?/.exec(source.slice(i));
      if (!m) throw bad(what, `unexpected '${c}' at position ${i + 1}`);
      tokens.push({ type: 'number', text: m[0], value: Number(m[0]), at: i });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*(\.[^\s=<>!()'"]+)?/.exec(source.slice(i))!;
      tokens.push({ type: 'word', text: m[0], at: i });
      i += m[0].length;
    } else {
      throw bad(what, `unexpected '${c}' at position ${i + 1}`);
    }
  }
  return tokens;
}

const bad = (what: string, detail: string) => invalidRequest(`Invalid ${what}: ${detail}.`);
const keyword = (t: Token | undefined, word: string) => t?.type === 'word' && t.text.toUpperCase() === word;

export function parseFilter(source: string): Filter {
  const what = 'FilterExpression';
  const tokens = tokenize(source, what);
  let at = 0;
  const peek = () => tokens[at];
  const expect = (description: string) => {
    const t = tokens[at++];
    if (!t) throw bad(what, `expected ${description} at the end of the expression`);
    return t;
  };
  const or = (): Filter => {
    let left = and();
    while (keyword(peek(), 'OR')) {
      at++;
      left = { kind: 'or', left, right: and() };
    }
    return left;
  };
  const and = (): Filter => {
    let left = not();
    while (keyword(peek(), 'AND')) {
      at++;
      left = { kind: 'and', left, right: not() };
    }
    return left;
  };
  const not = (): Filter => {
    if (keyword(peek(), 'NOT')) {
      at++;
      return { kind: 'not', operand: not() };
    }
    return primary();
  };
  const primary = (): Filter => {
    const t = expect('a condition');
    if (t.type === '(') {
      const inner = or();
      const close = expect("')'");
      if (close.type !== ')') throw bad(what, `expected ')' at position ${close.at + 1}`);
      return inner;
    }
    if (t.type !== 'word') throw bad(what, `expected an attribute name at position ${t.at + 1}, found '${t.text}'`);
    const operand = t.text;
    const op = expect('a comparator');
    if (op.type !== 'op') throw bad(what, `expected a comparator after '${operand}', found '${op.text}'`);
    const v = expect('a value');
    let value: Value;
    if (v.type === 'string' || v.type === 'number') value = v.value!;
    else if (keyword(v, 'TRUE') || keyword(v, 'FALSE')) value = v.text.toUpperCase() === 'TRUE';
    else throw bad(what, `expected a value after '${operand} ${op.text}', found '${v.text}'`);
    return checkCondition(operand, op.text as Comparator, value, v.text);
  };
  if (tokens.length === 0) throw bad(what, 'the expression is empty');
  const filter = or();
  if (at < tokens.length) throw bad(what, `unexpected '${tokens[at]!.text}' at position ${tokens[at]!.at + 1}`);
  return filter;
}

function checkCondition(operand: string, comparator: Comparator, value: Value, written: string): Filter {
  const what = 'FilterExpression';
  const equality = comparator === '=' || comparator === '<>';
  if (operand.startsWith(PROPERTY) && operand.length > PROPERTY.length) {
    if (!equality) throw bad(what, `game property values are strings; ${operand} allows only = and <>`);
    // Game property values are searched as strings: an unquoted number is the text as written.
    return { kind: 'condition', operand, comparator, value: typeof value === 'string' ? value : written };
  }
  if (NUMERIC.has(operand)) {
    if (typeof value !== 'number') throw bad(what, `${operand} takes a number, not ${JSON.stringify(value)}`);
  } else if (STRING.has(operand)) {
    if (typeof value !== 'string') throw bad(what, `${operand} takes a quoted string, not ${String(value)}`);
    if (!equality) throw bad(what, `string values allow only = and <>`);
  } else if (BOOLEAN.has(operand)) {
    if (typeof value !== 'boolean') throw bad(what, `${operand} takes true or false, not ${JSON.stringify(value)}`);
    if (!equality) throw bad(what, `boolean values allow only = and <>`);
  } else {
    throw bad(what, `unknown attribute '${operand}'; valid attributes are gameSessionName, gameSessionId, gameSessionProperties, maximumSessions, creationTimeMillis, playerSessionCount, hasAvailablePlayerSessions`);
  }
  return { kind: 'condition', operand, comparator, value };
}

function attribute(s: Searchable, operand: string): Value | undefined {
  if (operand.startsWith(PROPERTY)) return s.gameSessionProperties[operand.slice(PROPERTY.length)];
  return s[operand as keyof Searchable] as Value | undefined;
}

export function matches(filter: Filter, s: Searchable): boolean {
  switch (filter.kind) {
    case 'and':
      return matches(filter.left, s) && matches(filter.right, s);
    case 'or':
      return matches(filter.left, s) || matches(filter.right, s);
    case 'not':
      return !matches(filter.operand, s);
    case 'condition': {
      const actual = attribute(s, filter.operand);
      // A session without the attribute (no name, no such property) matches no condition on it.
      if (actual === undefined) return false;
      const v = filter.value;
      switch (filter.comparator) {
        case '=':
          return actual === v;
        case '<>':
          return actual !== v;
        case '<':
          return actual < v;
        case '>':
          return actual > v;
        case '<=':
          return actual <= v;
        case '>=':
          return actual >= v;
      }
    }
  }
}

export interface Sort {
  operand: string;
  descending: boolean;
}

export function parseSort(source: string): Sort {
  const what = 'SortExpression';
  const tokens = tokenize(source, what);
  const [operand, order, extra] = tokens;
  if (!operand || operand.type !== 'word') throw bad(what, 'expected an attribute name followed by ASC or DESC');
  const name = operand.text;
  const known = NUMERIC.has(name) || STRING.has(name) || BOOLEAN.has(name) || (name.startsWith(PROPERTY) && name.length > PROPERTY.length);
  if (!known) throw bad(what, `unknown attribute '${name}'`);
  if (!order || !(keyword(order, 'ASC') || keyword(order, 'DESC'))) throw bad(what, `expected ASC or DESC after '${name}'`);
  if (extra) throw bad(what, `unexpected '${extra.text}' at position ${extra.at + 1}`);
  return { operand: name, descending: keyword(order, 'DESC') };
}

/** Sorts by the attribute; sessions without it come last whatever the order. */
export function sortBy<T>(items: T[], sort: Sort, view: (item: T) => Searchable): T[] {
  return [...items].sort((a, b) => {
    const x = attribute(view(a), sort.operand);
    const y = attribute(view(b), sort.operand);
    if (x === undefined || y === undefined) return x === y ? 0 : x === undefined ? 1 : -1;
    const order = x < y ? -1 : x > y ? 1 : 0;
    return sort.descending ? -order : order;
  });
}
