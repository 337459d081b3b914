import { unprocessable } from '../../../lib/errors.js';
import type { Plain } from '../../../internal/messages.js';
import type { FormField } from '../../../proto/gen/extranet/v1/collaboration_pb.js';

const MAX_TEXT = { text: 1000, long_text: 10000 } as Record<string, number>;

function validDate(v: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

/**
 * Checks a request's form values (by field key) against the pipeline's form as
 * the caller may fill it, and answers them by field id. Unknown keys, missing
 * required fields and values of the wrong kind are refused with a 422 naming
 * `fields.<key>`. A file field names one of the files attached with the request.
 */
export function checkForm(form: Plain<FormField>[], values: Record<string, string>, attachmentIds: readonly string[]): Record<string, string> {
  const byKey = new Map(form.map((f) => [f.key, f]));
  for (const key of Object.keys(values))
    if (!byKey.has(key)) throw unprocessable(`fields.${key}`, `fields.${key} is not a field of this form`, 'invalid_field');
  const out: Record<string, string> = {};
  for (const f of form) {
    const at = `fields.${f.key}`;
    const value = (values[f.key] ?? '').trim();
    if (!value) {
      if (f.required) throw unprocessable(at, `${f.label} is required`, 'required');
      continue;
    }
    const wrong = (what: string) => unprocessable(at, `${f.label} ${what}`, 'invalid_field');
    if (f.type in MAX_TEXT && value.length > MAX_TEXT[f.type]!) throw wrong(`is longer than ${MAX_TEXT[f.type]} characters`);
    if (f.type === 'number' && !(value.length <= 30 && /^-?\d+(\.\d+)?$/.test(value))) throw wrong('must be a number');
    if (f.type === 'date' && !validDate(value)) throw wrong('must be a date (YYYY-MM-DD)');
    if (f.type === 'select' && !f.options.includes(value)) throw wrong(`must be one of: ${f.options.join(', ')}`);
    if (f.type === 'file' && !attachmentIds.includes(value)) throw wrong('must name one of the files attached to the request');
    out[f.id] = value;
  }
  return out;
}
