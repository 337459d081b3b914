import type { GatewayConfig } from '../../config.js';
import type { Upstream } from '../../upstream.js';
import type { GatewayWorkflows } from '../../workflows.js';

/** What every governance route file gets. */
export interface GovernanceDeps {
  config: GatewayConfig;
  upstream: Upstream;
  workflows: GatewayWorkflows;
}

/** The link as policy answers it: what the gateway's own routes read of it. */
export interface LinkDetail {
  id: string;
  status: string;
  user: { id: string; login: string; email: string; firstName: string; lastName: string };
  contact: { id: string; email: string; firstName: string; lastName: string };
  defaultCompanyId: string;
  createdBy: string;
  companies: { id: string; name: string }[];
}

export interface Employee {
  id: string;
  name: string;
}
