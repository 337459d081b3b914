import { fromJson, type DescMessage, type JsonValue, type MessageShape } from '@bufbuild/protobuf';
import { createValidator, type Violation } from '@bufbuild/protovalidate';
import { badRequest } from './errors.js';

/**
 * The rules themselves are protovalidate rules in the .proto files (proto/extranet/v1),
 * next to the fields. failFast: the first broken rule ends the check, and rules run in
 * a fixed order — each field in declaration order (its `cel` rules, then its standard
 * rules in the order of buf.validate's StringRules: lengths before `pattern`, `in`,
 * `uuid`…), then the message's own `cel` rules, which therefore see fields that passed.
 */
const validator = createValidator({ failFast: true });

/** Each field's JSON name, by its JSON and its .proto name; computed once per message type. */
const namesOf = new WeakMap<DescMessage, Map<string, string>>();
function jsonNames(schema: DescMessage): Map<string, string> {
  let names = namesOf.get(schema);
  if (!names) {
    names = new Map();
    for (const f of schema.fields) {
      names.set(f.jsonName, f.jsonName);
      names.set(f.name, f.jsonName);
    }
    namesOf.set(schema, names);
  }
  return names;
}

/** A JSON value of the right scalar type (ScalarType: 5 int32, 13 uint32, 8 bool, 9 string; others are left to fromJson). */
const scalarOk = (v: unknown, scalar: number | undefined) =>
  scalar === 9 ? typeof v === 'string' : scalar === 8 ? typeof v === 'boolean' : scalar === 5 || scalar === 13 ? Number.isInteger(v) : true;

/** protovalidate's wording, as read after the field's name: "value is required" → "is required". */
function wording(message: string): string {
  for (const lead of ['repeated value ', 'value ']) if (message.startsWith(lead)) return message.slice(lead.length);
  return message;
}

/**
 * The field a violation blames, by its JSON name, and the problem in words. A field
 * rule names its field in the violation's path; a message rule (a rule across fields)
 * names it as the first part of its id, in the .proto's spelling: "default_company_id.among_company_ids".
 */
function blame(schema: DescMessage, v: Violation): { field: string; message: string } {
  const [first, sub] = v.field;
  if (first?.kind === 'field') {
    const at = sub?.kind === 'list_sub' ? `${first.jsonName}[${sub.index}]` : first.jsonName;
    return { field: first.jsonName, message: `${at} ${wording(v.message)}` };
  }
  const named = schema.fields.find((f) => f.name === v.ruleId.split('.', 1)[0]);
  const field = named?.jsonName ?? 'body';
  return { field, message: named ? `${field} ${wording(v.message)}` : wording(v.message) };
}

/**
 * Parses an untrusted JSON body into a message and checks the message's rules.
 * Strict: unknown keys (400 `unknown_field`), wrong types and the first broken
 * rule are refused with a 400 naming the field by its JSON name.
 */
export function parseBody<Desc extends DescMessage>(schema: Desc, body: unknown): MessageShape<Desc> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw badRequest('body', 'body must be a JSON object');
  const names = jsonNames(schema);
  for (const key of Object.keys(body)) {
    if (!names.has(key)) throw badRequest(key, `${key} is not a known field`, 'unknown_field');
  }
  for (const f of schema.fields) {
    const raw = (body as Record<string, unknown>)[f.jsonName] ?? (body as Record<string, unknown>)[f.name];
    if (raw === undefined || raw === null) continue;
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
  const result = validator.validate(schema, message);
  if (result.kind === 'error') throw result.error; // a rule that cannot run: a bug of ours, answered as a 500
  if (result.kind === 'invalid') {
    const { field, message: problem } = blame(schema, result.violations[0]!);
    throw badRequest(field, problem);
  }
  return message;
}

/**
 * Parses a query string (Koa's ctx.query) into a message the way parseBody does
 * a body: each value is read as its field's type (a number for integer fields,
 * true/false for booleans); a repeated parameter is refused, naming it.
 */
export function parseQuery<Desc extends DescMessage>(schema: Desc, query: Record<string, string | string[] | undefined>): MessageShape<Desc> {
  const names = jsonNames(schema);
  const body: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(query)) {
    if (raw === undefined || raw === '') continue;
    if (Array.isArray(raw)) throw badRequest(key, `${key} is given more than once`);
    const field = schema.fields.find((f) => f.jsonName === names.get(key));
    if (!field) throw badRequest(key, `${key} is not a known parameter`, 'unknown_field');
    const scalar = field.fieldKind === 'scalar' ? field.scalar : undefined;
    if (scalar === 8) body[key] = raw === 'true' ? true : raw === 'false' ? false : raw;
    else if (scalar !== undefined && scalar !== 9 && scalar !== 12) {
      if (!/^-?\d{1,15}$/.test(raw)) throw badRequest(key, `${key} must be a whole number`);
      body[key] = Number(raw);
    } else body[key] = raw;
  }
  return parseBody(schema, body);
}
