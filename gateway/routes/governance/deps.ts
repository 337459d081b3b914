import type { GatewayConfig } from '../../config.js';
import type { Upstream } from '../../upstream.js';
import type { GatewayWorkflows } from '../../workflows.js';

/** What every governance route file gets. */
export interface GovernanceDeps {
  config: GatewayConfig;
  upstream: Upstream;
  workflows: GatewayWorkflows;
}
