import type { Context, Next } from 'koa';
import type { GatewayConfig } from '../../config.js';
import type { Upstream } from '../../upstream.js';
import type { GatewayWorkflows } from '../../workflows.js';

/** What every portal route file gets. */
export interface PortalDeps {
  config: GatewayConfig;
  upstream: Upstream;
  workflows: GatewayWorkflows;
  /** The attempt limit per address and minute, for a named bucket (sign-in, password). */
  limit(bucket: string): (ctx: Context, next: Next) => Promise<void>;
}
