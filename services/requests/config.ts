import { createHmac } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { optional, serviceConfig, type ServiceConfig } from '../../lib/config.js';
import { fileStoreConfig } from '../../lib/files/factory.js';
import type { FileStoreConfig } from '../../lib/files/store.js';
import { type FileRules, fileRulesOf } from '../../lib/files/rules.js';

export interface RequestsConfig extends ServiceConfig {
  /** MEETING_URL_TEMPLATE: the meeting room of a conversation, `{room}` replaced; calls are offered only when set. */
  meetingUrlTemplate?: string;
  /** Where files live: FILE_STORE=local (FILE_DIR, default .data/files) or s3 (S3_*). */
  files: FileStoreConfig;
  /** FILE_MAX_MB (default 25) and FILE_TYPES (media types, comma-separated). */
  fileRules: FileRules;
}

const DEFAULT_FILE_DIR = fileURLToPath(new URL('../../.data/files', import.meta.url));

export const loadRequestsConfig = (env = process.env): RequestsConfig => ({
  ...serviceConfig(env, 'REQUESTS_PORT', 8103),
  meetingUrlTemplate: optional(env, 'MEETING_URL_TEMPLATE'),
  files: fileStoreConfig(env, DEFAULT_FILE_DIR),
  fileRules: fileRulesOf(env),
});

/** The meeting room of one conversation (a request, a company's channel): a name nobody can guess from its ids. */
export function callUrl(config: RequestsConfig, conversation: string): string {
  if (!config.meetingUrlTemplate) return '';
  const room = `extranet-${createHmac('sha256', config.internalSecret).update(`meeting-room:${conversation}`).digest('base64url').slice(0, 20)}`;
  return config.meetingUrlTemplate.replaceAll('{room}', room);
}
