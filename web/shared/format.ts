/** Formatting shared by both apps. The words of vocabulary values come from domain/wording.ts, never from here. */
import { listWords } from '../../domain/wording.js';

/** "a, b and c". */
export const words = listWords;

/** The first letter in upper case. */
export const capitalize = (s: string): string => (s ? s[0]!.toUpperCase() + s.slice(1) : '');

/** A machine word made readable, for values outside the shared vocabulary (workflow steps, end reasons): "waiting-activation" → "Waiting activation". */
export const humanize = (s: unknown): string =>
  capitalize(
    String(s ?? '')
      .replace(/[_-]+/g, ' ')
      .trim(),
  );

/** A date and time in the reader's locale; `empty` when there is none. */
export function when(iso: unknown, empty = '—'): string {
  if (!iso) return empty;
  const d = new Date(String(iso));
  return Number.isNaN(d.getTime()) ? String(iso) : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** "Emily Carter". */
export const fullName = (p: { firstName?: string | null; lastName?: string | null } | null | undefined): string =>
  p ? `${p.firstName ?? ''} ${p.lastName ?? ''}`.trim() : '';

/** "1 link", "3 links". */
export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** A value of a vocabulary with its words, or the value made readable when the server sends one the words do not know. */
export const wordOf = <K extends string>(table: Record<K, string>, value: string): string => (table as Record<string, string>)[value] ?? humanize(value);

/** A file's size in words: "512 bytes", "14 KB", "2.5 MB". */
export function fileSize(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 1024) return plural(Math.max(0, Math.round(bytes || 0)), 'byte');
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
}
