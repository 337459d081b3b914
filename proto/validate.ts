import { fromJson, type DescMessage, type MessageShape, type JsonValue } from '@bufbuild/protobuf';
import { badRequest } from '../lib/errors.js';

/** One check on a field's value; returns the problem in words, or null. */
export type Rule = (value: unknown, message: Record<string, unknown>) => string | null;

/** Rules per field of a message, by the field's JSON (camelCase) name. */
export type Rules<Desc extends DescMessage> = Partial<Record<keyof MessageShape<Desc> & string, Rule[]>>;

// Linear patterns only (a test checks every pattern of the code); lengths are checked before any pattern runs.
const EMAIL_RE = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/;
const MAX_PATTERN_INPUT = 1000;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const required: Rule = (v) => (v === undefined || v === '' || (Array.isArray(v) && v.length === 0) ? 'is required' : null);
export const length =
  (min: number, max: number): Rule =>
  (v) =>
    typeof v === 'string' && (v.length < min || v.length > max) ? `must be ${min} to ${max} characters` : null;
export const matches =
  (re: RegExp, what: string): Rule =>
  (v) =>
    typeof v === 'string' && v !== '' && (v.length > MAX_PATTERN_INPUT || !re.test(v)) ? `must be ${what}` : null;
export const email: Rule = (v) => {
  if (typeof v !== 'string' || v === '') return null;
  if (v.length > 254) return 'must be an email address of at most 254 characters';
  const tld = v.slice(v.lastIndexOf('.') + 1);
  return EMAIL_RE.test(v) && tld.length >= 2 ? null : 'must be a valid email address';
};
export const uuid: Rule = (v) => (typeof v === 'string' && v !== '' && !UUID_RE.test(v) ? 'must be a uuid' : null);
export const between =
  (min: number, max: number): Rule =>
  (v) =>
    typeof v === 'number' && (v < min || v > max) ? `must be between ${min} and ${max}` : null;
export const oneOf =
  (values: readonly string[]): Rule =>
  (v) =>
    typeof v === 'string' && v !== '' && !values.includes(v) ? `must be one of ${values.join(', ')}` : null;
export const uuids =
  (min: number, max: number): Rule =>
  (v) => {
    const list = v as string[];
    if (list.length < min || list.length > max) return `must list ${min} to ${max} ids`;
    if (list.some((x) => !UUID_RE.test(x))) return 'must contain only uuids';
    if (new Set(list).size !== list.length) return 'must not repeat an id';
    return null;
  };

function jsonNames(schema: DescMessage): Map<string, string> {
  const names = new Map<string, string>();
  for (const f of schema.fields) {
    names.set(f.jsonName, f.jsonName);
    names.set(f.name, f.jsonName);
  }
  return names;
}

/**
 * Parses an untrusted JSON body into a message, strictly: unknown keys, wrong
 * types and broken rules are refused with a 400 naming the field.
 */
export function parseBody<Desc extends DescMessage>(schema: Desc, body: unknown, rules: Rules<Desc>): MessageShape<Desc> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw badRequest('body', 'body must be a JSON object');
  const names = jsonNames(schema);
  for (const key of Object.keys(body)) {
    if (!names.has(key)) throw badRequest(key, `${key} is not a known field`, 'unknown_field');
  }
  for (const f of schema.fields) {
    const raw = (body as Record<string, unknown>)[f.jsonName] ?? (body as Record<string, unknown>)[f.name];
    if (raw === undefined || raw === null) continue;
    // ScalarType: 5 int32, 8 bool, 9 string.
    const scalarOk = (v: unknown, scalar: number | undefined) =>
      scalar === 9 ? typeof v === 'string' : scalar === 8 ? typeof v === 'boolean' : scalar === 5 ? Number.isInteger(v) : true;
    const ok =
      f.fieldKind === 'list' ? Array.isArray(raw) && raw.every((x) => scalarOk(x, f.scalar)) : f.fieldKind === 'scalar' ? scalarOk(raw, f.scalar) : true;
    if (!ok) throw badRequest(f.jsonName, `${f.jsonName} has the wrong type`);
  }
  let message: MessageShape<Desc>;
  try {
    message = fromJson(schema, body as JsonValue);
  } catch (err) {
    // "… field extranet.v1.Message.name …": the last part of the dotted name, found without a pattern.
    const msg = (err as Error).message;
    const at = msg.indexOf('field ');
    const dotted =
      at < 0
        ? ''
        : msg
            .slice(at + 6)
            .split(/\s/, 1)[0]!
            .replace(/:$/, '');
    const last = dotted.slice(dotted.lastIndexOf('.') + 1);
    const field = last ? (names.get(last) ?? last) : 'body';
    throw badRequest(field, `${field} could not be read: ${(err as Error).message}`);
  }
  const plain = message as unknown as Record<string, unknown>;
  for (const [field, list] of Object.entries(rules) as [string, Rule[]][]) {
    for (const rule of list) {
      const problem = rule(plain[field], plain);
      if (problem) throw badRequest(field, `${field} ${problem}`);
    }
  }
  return message;
}
