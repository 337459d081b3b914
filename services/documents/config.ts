import { fileURLToPath } from 'node:url';
import { int, serviceConfig, type ServiceConfig } from '../../lib/config.js';
import { type FileRules, fileRulesOf } from '../../lib/files/rules.js';
import { fileStoreConfig } from '../../lib/files/factory.js';
import type { FileStoreConfig } from '../../lib/files/store.js';

/** The bounds of a signature request's reminders (seconds, so tests use short ones). */
export interface SignatureRules {
  /** Used when the employee names no interval: SIGNATURE_REMINDER_SECONDS, default 2 days. */
  defaultReminderSeconds: number;
  /** The shortest interval an employee may ask for: SIGNATURE_MIN_REMINDER_SECONDS, default 1 hour. */
  minReminderSeconds: number;
}

export interface DocumentsConfig extends ServiceConfig {
  /** Where document files live: the same settings as the requests service's (FILE_STORE, FILE_DIR, S3_*). */
  files: FileStoreConfig;
  fileRules: FileRules;
  signatures: SignatureRules;
}

const DEFAULT_FILE_DIR = fileURLToPath(new URL('../../.data/files', import.meta.url));

export function signatureRulesOf(env: Record<string, string | undefined>): SignatureRules {
  const minReminderSeconds = int(env, 'SIGNATURE_MIN_REMINDER_SECONDS', 3600, 1, 30 * 86400);
  return { minReminderSeconds, defaultReminderSeconds: int(env, 'SIGNATURE_REMINDER_SECONDS', 2 * 86400, minReminderSeconds, 30 * 86400) };
}

export const loadDocumentsConfig = (env = process.env): DocumentsConfig => ({
  ...serviceConfig(env, 'DOCUMENTS_PORT', 8104),
  files: fileStoreConfig(env, DEFAULT_FILE_DIR),
  fileRules: fileRulesOf(env),
  signatures: signatureRulesOf(env),
});
