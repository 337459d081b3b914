import { HttpError } from '../../../lib/errors.js';

/** File types a request, a message or the channel may carry (FILE_TYPES, comma-separated, replaces the list). */
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
