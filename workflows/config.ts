import { int, port, secret, str, url, DEV_INTERNAL_SECRET } from '../lib/config.js';
import { DEFAULT_TASK_QUEUE } from './messages.js';

/** Worker settings. */
export interface WorkerConfig {
  temporalAddress: string;
  temporalNamespace: string;
  taskQueue: string;
  identityUrl: string;
  policyUrl: string;
  requestsUrl: string;
  internalSecret: string;
  smtpHost: string;
  smtpPort: number;
  mailFrom: string;
  publicUrl: string;
  maxConcurrentActivities: number;
}

export function loadWorkerConfig(env = process.env): WorkerConfig {
  return {
    temporalAddress: str(env, 'TEMPORAL_ADDRESS', '127.0.0.1:7233'),
    temporalNamespace: str(env, 'TEMPORAL_NAMESPACE', 'default'),
    taskQueue: str(env, 'TEMPORAL_TASK_QUEUE', DEFAULT_TASK_QUEUE),
    identityUrl: url(env, 'IDENTITY_URL', 'http://127.0.0.1:8101'),
    policyUrl: url(env, 'POLICY_URL', 'http://127.0.0.1:8102'),
    requestsUrl: url(env, 'REQUESTS_URL', 'http://127.0.0.1:8103'),
    internalSecret: secret(env, 'INTERNAL_TOKEN_SECRET', DEV_INTERNAL_SECRET),
    smtpHost: str(env, 'SMTP_HOST', '127.0.0.1'),
    smtpPort: port(env, 'SMTP_PORT', 2525),
    mailFrom: str(env, 'MAIL_FROM', 'Vector Extranet <extranet@vector.test>'),
    publicUrl: url(env, 'PUBLIC_URL', 'http://127.0.0.1:8080'),
    maxConcurrentActivities: int(env, 'WORKER_MAX_ACTIVITIES', 20, 1, 1000),
  };
}
