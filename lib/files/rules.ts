import { ConfigError, int, optional } from '../config.js';
import { HttpError } from '../errors.js';

/** File types the system accepts by default (FILE_TYPES, comma-separated, replaces the list). */
export const DEFAULT_FILE_TYPES = [
  'application/pdf',
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'text/plain',
  'text/csv',
  'application/zip',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'application/msword',
  'application/vnd.ms-excel',
];

export interface FileRules {
  maxBytes: number;
  types: string[];
  /** An uploaded file never attached is removed after this many hours (FILE_PENDING_HOURS, default 24). */
  pendingHours: number;
}

/** The media type without parameters, lower-case: "Text/Plain; charset=utf-8" → "text/plain". */
export const mediaType = (contentType: string | undefined) => (contentType ?? '').split(';', 1)[0]!.trim().toLowerCase();

/** A file's name as it is kept and shown: its last path segment, without control characters, at most 200 characters. */
export function cleanFileName(raw: string | undefined): string {
  let name = '';
  try {
    name = decodeURIComponent(raw ?? '');
  } catch {
    throw new HttpError(400, 'invalid_file', 'the file name is not valid', { field: 'file' });
  }
  const printable = [...(name.split(/[\\/]/).pop() ?? '')].filter((ch) => ch.charCodeAt(0) >= 0x20 && ch.charCodeAt(0) !== 0x7f).join('');
  name = printable.trim();
  if (!name) throw new HttpError(400, 'invalid_file', 'the file has no name', { field: 'file' });
  return name.length > 200 ? name.slice(name.length - 200) : name;
}

/** Refuses a type outside the list (415) or a declared length over the limit (413), naming the rule. */
export function checkFile(rules: FileRules, contentType: string, declaredLength: number | undefined) {
  if (!rules.types.includes(contentType))
    throw new HttpError(415, 'file_type_refused', `files of type ${contentType || 'unknown'} are not accepted; accepted: ${rules.types.join(', ')}`, {
      field: 'file',
    });
  if (declaredLength !== undefined && declaredLength > rules.maxBytes) throw tooLarge(rules);
}

export const tooLarge = (rules: FileRules) =>
  new HttpError(413, 'file_too_large', `the file is larger than the limit of ${Math.round((rules.maxBytes / 1024 / 1024) * 100) / 100} MB`, {
    field: 'file',
  });

/** The upload rules from settings: FILE_MAX_MB (default 25), FILE_TYPES, FILE_PENDING_HOURS (24). */
export function fileRulesOf(env: Record<string, string | undefined>): FileRules {
  const types = optional(env, 'FILE_TYPES')
    ?.split(',')
    .map((t) => t.trim().toLowerCase())
    .filter(Boolean);
  if (types?.some((t) => !/^[a-z0-9.+-]+\/[a-z0-9.+-]+$/.test(t))) throw new ConfigError('FILE_TYPES must be media types separated by commas');
  return {
    maxBytes: int(env, 'FILE_MAX_MB', 25, 1, 1024) * 1024 * 1024,
    types: types ?? DEFAULT_FILE_TYPES,
    pendingHours: int(env, 'FILE_PENDING_HOURS', 24, 1, 24 * 30),
  };
}
