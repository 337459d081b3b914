import type { Context, Next } from 'koa';
import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { forbidden, unauthorized } from '../../lib/errors.js';
import type { Actor } from '../../internal/actor.js';
import { ServiceError } from '../../internal/client.js';
import type { IdentityClient } from '../../internal/clients/identity.js';
import type { PolicyClient } from '../../internal/clients/policy.js';
import type { Answer } from '../../internal/messages.js';
import type { GatewayConfig } from '../config.js';
import { CLIENT_COOKIE, cookieOptions, parseClientCookie } from './cookies.js';

type Session = Answer<IdentityClient['currentSession']>;
type Scope = Answer<PolicyClient['scope']>;
interface Access {
  session: Session;
  scope: Scope;
  actor: Extract<Actor, { kind: 'client' }>;
}
type Middleware = (ctx: Context, next: Next) => Promise<void>;

export interface ClientAuth {
  /**
   * Session and scope as this gateway last learned them (at most
   * CLIENT_ACCESS_CACHE_SECONDS ago), for routes answered by a service that
   * checks both again in its own query (internal/client-access.ts).
   */
  kept: Middleware;
  /** Session and scope asked of identity and policy now: for routes the gateway answers itself. */
  fresh: Middleware;
  /** After a service answered `access_changed`: asks again, for one retry of the same call. */
  renew(ctx: Context): Promise<void>;
  /** After a service answered `session_ended`: forgets the session and clears the cookie. */
  ended(ctx: Context): Error;
}

/**
 * Client authentication on every portal request. Identity says whether the
 * session is live and whose it is, policy what the user's active link reaches;
 * both are asked at the same time. What they answered may be kept for the
 * routes whose service checks it again, so that an ended session, a disabled
 * link or a changed policy still stops access on the very next request.
 */
export function createClientAuth(config: GatewayConfig, identity: IdentityClient, policy: PolicyClient): ClientAuth {
  const GATEWAY = identity.system;
  const kept = config.clientAccessCacheSeconds ? new LRUCache<string, Access>({ max: 10_000, ttl: config.clientAccessCacheSeconds * 1000 }) : undefined;

  const ended = (ctx: Context) => {
    const cookie = ctx.cookies.get(CLIENT_COOKIE);
    if (cookie) kept?.delete(cookie);
    ctx.cookies.set(CLIENT_COOKIE, null, cookieOptions(config));
    return unauthorized('your session has ended; sign in again');
  };

  async function ask(ctx: Context, cookie: string, claimed: { userId: string; token: string }): Promise<Access> {
    const [checked, scoped] = await Promise.allSettled([identity.currentSession(GATEWAY, claimed.token), policy.scope(GATEWAY, claimed.userId)]);
    if (checked.status === 'rejected') {
      if (checked.reason instanceof ServiceError && checked.reason.status === 401) throw ended(ctx);
      throw checked.reason;
    }
    const session = checked.value;
    if (session.user.id !== claimed.userId) throw ended(ctx);
    if (scoped.status === 'rejected') {
      kept?.delete(cookie);
      if (scoped.reason instanceof ServiceError && scoped.reason.status === 403) throw forbidden('your extranet access is not active; contact your manager');
      throw scoped.reason;
    }
    const scope = scoped.value;
    const access: Access = {
      session,
      scope,
      actor: {
        kind: 'client',
        id: session.user.id,
        name: `${session.user.firstName} ${session.user.lastName}`,
        linkId: scope.linkId,
        contactId: scope.contactId,
        companies: scope.companies.map(({ companyId, permissions, pipelineIds }) => ({ companyId, permissions, pipelineIds })),
        vouch: {
          source: 'session',
          sessionId: session.sessionId,
          tokenHash: createHash('sha256').update(claimed.token).digest('hex'),
          accessEpoch: scope.accessEpoch,
        },
      },
    };
    kept?.set(cookie, access);
    return access;
  }

  function claim(ctx: Context) {
    const cookie = ctx.cookies.get(CLIENT_COOKIE);
    if (!cookie) throw unauthorized('sign in to the portal');
    const claimed = parseClientCookie(cookie);
    if (!claimed) throw ended(ctx);
    return { cookie, claimed };
  }

  function use(ctx: Context, access: Access) {
    ctx.state.session = access.session;
    ctx.state.scope = access.scope;
    ctx.state.actor = access.actor;
  }

  return {
    async kept(ctx, next) {
      const { cookie, claimed } = claim(ctx);
      use(ctx, kept?.get(cookie) ?? (await ask(ctx, cookie, claimed)));
      await next();
    },
    async fresh(ctx, next) {
      const { cookie, claimed } = claim(ctx);
      use(ctx, await ask(ctx, cookie, claimed));
      await next();
    },
    async renew(ctx) {
      const { cookie, claimed } = claim(ctx);
      kept?.delete(cookie);
      use(ctx, await ask(ctx, cookie, claimed));
    },
    ended,
  };
}
