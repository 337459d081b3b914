import type { Context } from 'koa';
import { HttpError } from '../lib/errors.js';
import type { Actor } from '../internal/actor.js';
import { ServiceClient, ServiceError } from '../internal/client.js';
import type { GatewayConfig } from './config.js';

/** The services behind the gateway, one client each, every token signed as the gateway. */
export interface Upstream {
  identity: ServiceClient;
  policy: ServiceClient;
  requests: ServiceClient;
  documents: ServiceClient;
}

export function upstreamOf(config: GatewayConfig): Upstream {
  const client = (name: string, url: string) => new ServiceClient(name, url, config.internalSecret, 'gateway');
  return {
    identity: client('identity', config.identityUrl),
    policy: client('policy', config.policyUrl),
    requests: client('requests', config.requestsUrl),
    documents: client('documents', config.documentsUrl),
  };
}

/** A service's refusal reaches the caller unchanged; its failure becomes a 502 without internals. */
export async function relay<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (err) {
    if (err instanceof ServiceError) {
      if (err.status < 500)
        throw new HttpError(err.status, err.code, err.body.error?.message ?? 'refused', (err.body.error?.details ?? {}) as Record<string, unknown>);
      throw new HttpError(502, 'upstream_error', `the ${err.service} service failed; try again`);
    }
    throw err;
  }
}

/** The verified caller of this request (an employee in governance, a client in the portal). */
export const callerOf = (ctx: Context) => ctx.state.actor as Actor;

/** Keeps the listed query parameters that are text, for passing a query on to a service. */
export function queryOf(ctx: Context, names: readonly string[]): URLSearchParams {
  const q = new URLSearchParams();
  for (const k of names) if (typeof ctx.query[k] === 'string') q.set(k, ctx.query[k] as string);
  return q;
}
