import type { DescMessage } from '@bufbuild/protobuf';

/** An id or a name as one path segment. */
export const segment = (value: string) => encodeURIComponent(value);

/**
 * The query string of a query message: the fields of `schema` that are set in
 * `values` (not empty), by their JSON names, in declaration order (a list joined with
 * commas); empty when none is set.
 */
export function queryString(schema: DescMessage, values: object): string {
  const q = new URLSearchParams();
  for (const f of schema.fields) {
    const v = (values as Record<string, unknown>)[f.jsonName];
    // proto3: an empty text or list is the field left unset.
    if (v === undefined || v === null || v === '' || (Array.isArray(v) && !v.length)) continue;
    q.set(f.jsonName, Array.isArray(v) ? v.join(',') : String(v));
  }
  const text = q.toString();
  return text ? `?${text}` : '';
}

/** `?dryRun=true`: the service answers what a change would do and writes nothing. */
export const dryRunQuery = (options: { dryRun?: boolean } = {}) => (options.dryRun ? '?dryRun=true' : '');
