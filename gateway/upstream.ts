import type { Context } from 'koa';
import { HttpError } from '../lib/errors.js';
import type { Actor } from '../internal/actor.js';
import { ServiceClient, ServiceError } from '../internal/client.js';
import { type DocumentsClient, documentsClient } from '../internal/clients/documents.js';
import { type IdentityClient, identityClient } from '../internal/clients/identity.js';
import { type PolicyClient, policyClient } from '../internal/clients/policy.js';
import { type RequestsClient, requestsClient } from '../internal/clients/requests.js';
import type { GatewayConfig } from './config.js';

/** The services behind the gateway, one typed client each (internal/clients), every token signed as the gateway. */
export interface Upstream {
  identity: IdentityClient;
  policy: PolicyClient;
  requests: RequestsClient;
  documents: DocumentsClient;
}

export function upstreamOf(config: GatewayConfig): Upstream {
  const client = (name: string, url: string) => new ServiceClient(name, url, config.internalSecret, 'gateway');
  return {
    identity: identityClient(client('identity', config.identityUrl)),
    policy: policyClient(client('policy', config.policyUrl)),
    requests: requestsClient(client('requests', config.requestsUrl)),
    documents: documentsClient(client('documents', config.documentsUrl)),
  };
}

/** A service's refusal reaches the caller unchanged; its failure becomes a 502 without internals. */
export async function relay<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (err) {
    throw asHttpError(err);
  }
}

/** A service's refusal as the same refusal of the gateway; its failure as a 502. */
export function asHttpError(err: unknown): unknown {
  if (!(err instanceof ServiceError)) return err;
  if (err.status < 500)
    return new HttpError(err.status, err.code, err.body.error?.message ?? 'refused', (err.body.error?.details ?? {}) as Record<string, unknown>);
  return new HttpError(502, 'upstream_error', `the ${err.service} service failed; try again`);
}

/** The verified caller of this request (an employee in governance, a client in the portal). */
export const callerOf = (ctx: Context) => ctx.state.actor as Actor;

/** The query parameters that are text (a repeated one is left out), for passing a query on to a service. */
export function textQuery(ctx: Context): Record<string, string> {
  const q: Record<string, string> = {};
  for (const [k, v] of Object.entries(ctx.query)) if (typeof v === 'string') q[k] = v;
  return q;
}
