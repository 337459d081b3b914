import type { Context, Next } from 'koa';
import { forbidden, unauthorized } from '../../lib/errors.js';
import type { Actor } from '../../internal/actor.js';
import { ServiceError } from '../../internal/client.js';
import type { IdentityClient } from '../../internal/clients/identity.js';
import type { PolicyClient } from '../../internal/clients/policy.js';
import type { GatewayConfig } from '../config.js';
import { CLIENT_COOKIE, cookieOptions, parseClientCookie } from './cookies.js';

/**
 * Client authentication on every portal request: the session is checked at
 * identity and the scope is resolved at policy each time, at the same time, so
 * a disabled link or an ended session stops access on the very next request.
 */
export function createClientAuth(config: GatewayConfig, identity: IdentityClient, policy: PolicyClient) {
  const GATEWAY = identity.system;
  const ended = (ctx: Context) => {
    ctx.cookies.set(CLIENT_COOKIE, null, cookieOptions(config));
    return unauthorized('your session has ended; sign in again');
  };
  return async function requireClient(ctx: Context, next: Next) {
    const cookie = ctx.cookies.get(CLIENT_COOKIE);
    if (!cookie) throw unauthorized('sign in to the portal');
    const claimed = parseClientCookie(cookie);
    if (!claimed) throw ended(ctx);
    // Both lookups at once: the scope of the user the cookie names, and whether the session really is theirs.
    const [checked, scoped] = await Promise.allSettled([identity.currentSession(GATEWAY, claimed.token), policy.scope(GATEWAY, claimed.userId)]);
    if (checked.status === 'rejected') {
      if (checked.reason instanceof ServiceError && checked.reason.status === 401) throw ended(ctx);
      throw checked.reason;
    }
    const session = checked.value;
    if (session.user.id !== claimed.userId) throw ended(ctx);
    if (scoped.status === 'rejected') {
      if (scoped.reason instanceof ServiceError && scoped.reason.status === 403) throw forbidden('your extranet access is not active; contact your manager');
      throw scoped.reason;
    }
    const scope = scoped.value;
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
