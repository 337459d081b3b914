import type { Context, Next } from 'koa';
import { forbidden, unauthorized } from '../../lib/errors.js';
import type { Actor } from '../../internal/actor.js';
import { type ServiceClient, ServiceError } from '../../internal/client.js';
import type { Permission } from '../../domain/vocabulary.js';
import type { GatewayConfig } from '../config.js';
import { CLIENT_COOKIE, cookieOptions } from './cookies.js';

/**
 * Client authentication on every portal request: the session is checked at
 * identity and the scope is resolved at policy each time, so a disabled link
 * or an ended session stops access on the very next request.
 */
export function createClientAuth(config: GatewayConfig, identity: ServiceClient, policy: ServiceClient) {
  const GATEWAY = identity.system;
  return async function requireClient(ctx: Context, next: Next) {
    const token = ctx.cookies.get(CLIENT_COOKIE);
    if (!token) throw unauthorized('sign in to the portal');
    let session: { sessionId: string; user: { id: string; firstName: string; lastName: string; login: string; email: string } };
    try {
      session = await identity.call(GATEWAY, 'GET', '/sessions/current', undefined, { 'x-session-token': token });
    } catch (err) {
      if (err instanceof ServiceError && err.status === 401) {
        ctx.cookies.set(CLIENT_COOKIE, null, cookieOptions(config));
        throw unauthorized('your session has ended; sign in again');
      }
      throw err;
    }
    let scope: ClientScope;
    try {
      scope = await policy.get(GATEWAY, `/scopes/${session.user.id}`);
    } catch (err) {
      if (err instanceof ServiceError && err.status === 403) throw forbidden('your extranet access is not active; contact your manager');
      throw err;
    }
    ctx.state.session = session;
    ctx.state.scope = scope;
    ctx.state.actor = {
      kind: 'client',
      id: session.user.id,
      name: `${session.user.firstName} ${session.user.lastName}`,
      linkId: scope.linkId,
      contactId: scope.contactId,
      companies: scope.companies.map(({ companyId, permissions, pipelineIds }) => ({ companyId, permissions, pipelineIds })),
    } satisfies Actor;
    await next();
  };
}

export interface ClientScope {
  linkId: string;
  contactId: string;
  defaultCompanyId: string;
  contact: { firstName: string; lastName: string; email: string };
  companies: { companyId: string; name: string; permissions: Permission[]; pipelineIds: string[] }[];
}
