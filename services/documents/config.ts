import { fileURLToPath } from 'node:url';
import { serviceConfig, type ServiceConfig } from '../../lib/config.js';
import { type FileRules, fileRulesOf } from '../../lib/files/rules.js';
import { fileStoreConfig } from '../../lib/files/factory.js';
import type { FileStoreConfig } from '../../lib/files/store.js';

export interface DocumentsConfig extends ServiceConfig {
  /** Where document files live: the same settings as the requests service's (FILE_STORE, FILE_DIR, S3_*). */
  files: FileStoreConfig;
  fileRules: FileRules;
}

const DEFAULT_FILE_DIR = fileURLToPath(new URL('../../.data/files', import.meta.url));

export const loadDocumentsConfig = (env = process.env): DocumentsConfig => ({
  ...serviceConfig(env, 'DOCUMENTS_PORT', 8104),
  files: fileStoreConfig(env, DEFAULT_FILE_DIR),
  fileRules: fileRulesOf(env),
});
