// Input validation against the service model's constraints, reporting violations the way AWS's
// front end words them ("1 validation error detected: Value 'x' at 'fleetId' failed to satisfy
// constraint: ..."). Wrong JSON types are SerializationExceptions, as on the real wire.
import { AwsError } from './aws-error';

interface Common {
  required?: boolean;
}
export type Rule = Common &
  (
    | { type: 'string'; min?: number; max?: number; pattern?: RegExp; enum?: readonly string[] }
    | { type: 'integer'; min?: number; max?: number }
    | { type: 'boolean' }
    | { type: 'timestamp' }
    | { type: 'blob'; min?: number; max?: number }
    | { type: 'list'; min?: number; max?: number; member: Rule }
    | { type: 'map'; min?: number; max?: number; key: Rule; value: Rule }
    | { type: 'structure'; members: Record<string, Rule> }
  );
export type Shape = Record<string, Rule>;

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
const show = (v: unknown) => (typeof v === 'string' ? `'${v}'` : Array.isArray(v) || typeof v === 'object' ? `'${JSON.stringify(v)}'` : String(v));

function check(value: unknown, rule: Rule, path: string, out: string[]): void {
  const fail = (constraint: string) => out.push(`Value ${show(value)} at '${path}' failed to satisfy constraint: Member must ${constraint}`);
  if (value === undefined || value === null) {
    if (rule.required) out.push(`Value null at '${path}' failed to satisfy constraint: Member must not be null`);
    return;
  }
  const serialization = (expected: string) => {
    throw new AwsError('SerializationException', `Expected ${expected} for '${path}'`);
  };
  switch (rule.type) {
    case 'string':
    case 'blob': {
      if (typeof value !== 'string') serialization('a string');
      const s = value as string;
      const length = rule.type === 'blob' ? Buffer.from(s, 'base64').length : s.length;
      if (rule.min !== undefined && length < rule.min) fail(`have length greater than or equal to ${rule.min}`);
      if (rule.max !== undefined && length > rule.max) fail(`have length less than or equal to ${rule.max}`);
      if (rule.type === 'string' && rule.pattern && !rule.pattern.test(s)) fail(`satisfy regular expression pattern: ${rule.pattern.source}`);
      if (rule.type === 'string' && rule.enum && !rule.enum.includes(s)) fail(`satisfy enum value set: [${rule.enum.join(', ')}]`);
      return;
    }
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) serialization('an integer');
      if (rule.min !== undefined && (value as number) < rule.min) fail(`have value greater than or equal to ${rule.min}`);
      if (rule.max !== undefined && (value as number) > rule.max) fail(`have value less than or equal to ${rule.max}`);
      return;
    case 'boolean':
      if (typeof value !== 'boolean') serialization('a boolean');
      return;
    case 'timestamp':
      // JSON 1.1 sends epoch seconds (a number); CBOR decodes tag 1 to a Date.
      if (!(value instanceof Date) && (typeof value !== 'number' || !Number.isFinite(value))) serialization('a timestamp');
      return;
    case 'list': {
      if (!Array.isArray(value)) serialization('a list');
      const list = value as unknown[];
      if (rule.min !== undefined && list.length < rule.min) fail(`have length greater than or equal to ${rule.min}`);
      if (rule.max !== undefined && list.length > rule.max) fail(`have length less than or equal to ${rule.max}`);
      list.forEach((item, i) => check(item, rule.member, `${path}.${i + 1}.member`, out));
      return;
    }
    case 'map': {
      if (typeof value !== 'object' || Array.isArray(value)) serialization('a map');
      const entries = Object.entries(value as object);
      if (rule.min !== undefined && entries.length < rule.min) fail(`have length greater than or equal to ${rule.min}`);
      if (rule.max !== undefined && entries.length > rule.max) fail(`have length less than or equal to ${rule.max}`);
      for (const [k, v] of entries) {
        check(k, rule.key, `${path}.key`, out);
        check(v, rule.value, `${path}.${k}.value`, out);
      }
      return;
    }
    case 'structure':
      if (typeof value !== 'object' || Array.isArray(value)) serialization('a structure');
      collect(value as Record<string, unknown>, rule.members, `${path}.`, out);
      return;
  }
}

function collect(input: Record<string, unknown>, shape: Shape, prefix: string, out: string[]): void {
  for (const [name, rule] of Object.entries(shape)) check(input[name], rule, prefix + lowerFirst(name), out);
}

/** Throws `errorCode` listing every violation; unknown members are ignored, as AWS does. */
export function validate(input: Record<string, unknown>, shape: Shape, errorCode: string): void {
  const violations: string[] = [];
  collect(input, shape, '', violations);
  if (violations.length === 0) return;
  const count = violations.length === 1 ? '1 validation error' : `${violations.length} validation errors`;
  throw new AwsError(errorCode, `${count} detected: ${violations.join('; ')}`);
}
