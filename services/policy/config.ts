import { int, serviceConfig, url, type ServiceConfig } from '../../lib/config.js';

export interface PolicyConfig extends ServiceConfig {
  identityUrl: string;
  requestsUrl: string;
  documentsUrl: string;
  /** How long a link review may wait for its confirmation. */
  reviewLifetimeSeconds: number;
}

export function loadPolicyConfig(env = process.env): PolicyConfig {
  return {
    ...serviceConfig(env, 'POLICY_PORT', 8102),
    identityUrl: url(env, 'IDENTITY_URL', 'http://127.0.0.1:8101'),
    requestsUrl: url(env, 'REQUESTS_URL', 'http://127.0.0.1:8103'),
    documentsUrl: url(env, 'DOCUMENTS_URL', 'http://127.0.0.1:8104'),
    reviewLifetimeSeconds: int(env, 'LINK_REVIEW_LIFETIME_SECONDS', 3600, 1, 7 * 24 * 3600),
  };
}
