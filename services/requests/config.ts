import { createHmac } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { ConfigError, int, optional, serviceConfig, type ServiceConfig } from '../../lib/config.js';
import { type FileStoreConfig, fileStoreConfig } from '../../lib/files/store.js';
import { DEFAULT_FILE_TYPES, type FileRules } from './attachments/policy.js';

export interface RequestsConfig extends ServiceConfig {
  /** MEETING_URL_TEMPLATE: the meeting room of a conversation, `{room}` replaced; calls are offered only when set. */
  meetingUrlTemplate?: string;
  /** Where files live: FILE_STORE=local (FILE_DIR, default .data/files) or s3 (S3_*). */
  files: FileStoreConfig;
  /** FILE_MAX_MB (default 25) and FILE_TYPES (media types, comma-separated). */
  fileRules: FileRules;
}

const DEFAULT_FILE_DIR = fileURLToPath(new URL('../../.data/files', import.meta.url));

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
