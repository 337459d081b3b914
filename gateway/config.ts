import { int, optional, port, secret, str, url, DEV_INTERNAL_SECRET, DEV_OIDC_CLIENT_SECRET, DEV_SESSION_SECRET } from '../lib/config.js';
import { DEFAULT_TASK_QUEUE } from '../workflows/messages.js';

/** Gateway settings: the only public port, where the services are, how people sign in. */
export interface GatewayConfig {
  port: number;
  host: string;
  /** The address people use to reach the gateway (links in emails, OIDC redirect). */
  publicUrl: string;
  identityUrl: string;
  policyUrl: string;
  requestsUrl: string;
  documentsUrl: string;
  internalSecret: string;
  sessionSecret: string;
  oidcIssuer: string;
  oidcClientId: string;
  oidcClientSecret: string;
  temporalAddress: string;
  temporalNamespace: string;
  taskQueue: string;
  /** The local mail catcher's HTTP API, shown to employees in the admin area (development only). */
  mailCatcherUrl?: string;
  temporalUiUrl?: string;
  /** Reverse proxies in front of the gateway: the client address is the one the outermost of them saw. 0 = none. */
  trustProxyHops: number;
  /** How long a client's session and scope are kept between requests (0: asked every time); services check both again. */
  clientAccessCacheSeconds: number;
  /** The Telegram bot: its name (shown with the code in the portal) and the webhook's secret token. Unset: no Telegram. */
  telegramBotName?: string;
  telegramWebhookSecret?: string;
}

export function loadGatewayConfig(env = process.env): GatewayConfig {
  const p = port(env, 'GATEWAY_PORT', 8080);
  return {
    port: p,
    host: str(env, 'BIND_HOST', '127.0.0.1'),
    publicUrl: url(env, 'PUBLIC_URL', `http://127.0.0.1:${p}`),
    identityUrl: url(env, 'IDENTITY_URL', 'http://127.0.0.1:8101'),
    policyUrl: url(env, 'POLICY_URL', 'http://127.0.0.1:8102'),
    requestsUrl: url(env, 'REQUESTS_URL', 'http://127.0.0.1:8103'),
    documentsUrl: url(env, 'DOCUMENTS_URL', 'http://127.0.0.1:8104'),
    internalSecret: secret(env, 'INTERNAL_TOKEN_SECRET', DEV_INTERNAL_SECRET),
    sessionSecret: secret(env, 'SESSION_SECRET', DEV_SESSION_SECRET),
    oidcIssuer: url(env, 'OIDC_ISSUER', 'http://127.0.0.1:8090'),
    oidcClientId: str(env, 'OIDC_CLIENT_ID', 'extranet-gateway'),
    oidcClientSecret: secret(env, 'OIDC_CLIENT_SECRET', DEV_OIDC_CLIENT_SECRET, 1),
    temporalAddress: str(env, 'TEMPORAL_ADDRESS', '127.0.0.1:7233'),
    temporalNamespace: str(env, 'TEMPORAL_NAMESPACE', 'default'),
    taskQueue: str(env, 'TEMPORAL_TASK_QUEUE', DEFAULT_TASK_QUEUE),
    mailCatcherUrl: optional(env, 'MAIL_CATCHER_URL'),
    temporalUiUrl: optional(env, 'TEMPORAL_UI_URL'),
    trustProxyHops: int(env, 'TRUST_PROXY_HOPS', 0, 0, 10),
    clientAccessCacheSeconds: int(env, 'CLIENT_ACCESS_CACHE_SECONDS', 60, 0, 3600),
    ...(optional(env, 'TELEGRAM_WEBHOOK_SECRET') !== undefined
      ? { telegramWebhookSecret: optional(env, 'TELEGRAM_WEBHOOK_SECRET'), telegramBotName: str(env, 'TELEGRAM_BOT_NAME', 'ExtranetBot') }
      : {}),
  };
}
