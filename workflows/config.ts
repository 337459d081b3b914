import { ConfigError, int, optional, port, secret, str, url, DEV_INTERNAL_SECRET } from '../lib/config.js';
import { DEFAULT_TASK_QUEUE } from './messages.js';

/** Worker settings. */
export interface WorkerConfig {
  temporalAddress: string;
  temporalNamespace: string;
  taskQueue: string;
  identityUrl: string;
  policyUrl: string;
  requestsUrl: string;
  documentsUrl: string;
  internalSecret: string;
  smtpHost: string;
  smtpPort: number;
  /** Implicit TLS (e.g. port 465); otherwise STARTTLS, required unless the host is loopback (see mail.ts). Default false. */
  smtpSecure?: boolean;
  /** SMTP AUTH credentials: both or neither. */
  smtpUser?: string;
  smtpPassword?: string;
  mailFrom: string;
  publicUrl: string;
  maxConcurrentActivities: number;
  /** NOTIFY_WINDOW_SECONDS: how long a recipient's notifications gather into one batch. */
  notifyWindowSeconds?: number;
  /** OUTBOX_POLL_MS: how often the relay looks at the services' outboxes when they were empty (default 1000). */
  outboxPollMs?: number;
  /** The Telegram bot notifications also go through (both or neither): TELEGRAM_BOT_TOKEN, TELEGRAM_API_URL. */
  telegramBotToken?: string;
  telegramApiUrl?: string;
}

type Env = Record<string, string | undefined>;

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = optional(env, name);
  if (raw === undefined) return fallback;
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

export function loadWorkerConfig(env: Env = process.env): WorkerConfig {
  const smtpSecure = bool(env, 'SMTP_SECURE', false);
  const smtpUser = optional(env, 'SMTP_USER');
  const smtpPassword = optional(env, 'SMTP_PASSWORD');
  if (smtpUser !== undefined && smtpPassword === undefined) throw new ConfigError('SMTP_PASSWORD is required when SMTP_USER is set');
  if (smtpPassword !== undefined && smtpUser === undefined) throw new ConfigError('SMTP_USER is required when SMTP_PASSWORD is set');
  return {
    temporalAddress: str(env, 'TEMPORAL_ADDRESS', '127.0.0.1:7233'),
    temporalNamespace: str(env, 'TEMPORAL_NAMESPACE', 'default'),
    taskQueue: str(env, 'TEMPORAL_TASK_QUEUE', DEFAULT_TASK_QUEUE),
    identityUrl: url(env, 'IDENTITY_URL', 'http://127.0.0.1:8101'),
    policyUrl: url(env, 'POLICY_URL', 'http://127.0.0.1:8102'),
    requestsUrl: url(env, 'REQUESTS_URL', 'http://127.0.0.1:8103'),
    documentsUrl: url(env, 'DOCUMENTS_URL', 'http://127.0.0.1:8104'),
    internalSecret: secret(env, 'INTERNAL_TOKEN_SECRET', DEV_INTERNAL_SECRET),
    smtpHost: str(env, 'SMTP_HOST', '127.0.0.1'),
    smtpPort: port(env, 'SMTP_PORT', smtpSecure ? 465 : 2525),
    smtpSecure,
    ...(smtpUser !== undefined ? { smtpUser, smtpPassword } : {}),
    mailFrom: str(env, 'MAIL_FROM', 'Vector Extranet <extranet@vector.test>'),
    publicUrl: url(env, 'PUBLIC_URL', 'http://127.0.0.1:8080'),
    maxConcurrentActivities: int(env, 'WORKER_MAX_ACTIVITIES', 20, 1, 1000),
    notifyWindowSeconds: int(env, 'NOTIFY_WINDOW_SECONDS', 120, 1, 86400),
    outboxPollMs: int(env, 'OUTBOX_POLL_MS', 1000, 50, 60_000),
    ...(optional(env, 'TELEGRAM_BOT_TOKEN') !== undefined
      ? { telegramBotToken: optional(env, 'TELEGRAM_BOT_TOKEN'), telegramApiUrl: url(env, 'TELEGRAM_API_URL', 'https://api.telegram.org') }
      : {}),
  };
}
