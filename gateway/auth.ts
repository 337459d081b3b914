import type { Context, Next } from 'koa';
import { SignJWT, jwtVerify } from 'jose';
import * as oidc from 'openid-client';
import { HttpError, forbidden, unauthorized } from '../lib/errors.js';
import { ServiceClient, ServiceError } from '../lib/service-client.js';
import type { Actor, EmployeeRole, Permission } from '../lib/internal-token.js';
import type { GatewayConfig } from './config.js';

export const EMPLOYEE_COOKIE = 'extranet_employee';
export const CLIENT_COOKIE = 'extranet_session';
export const REFRESH_COOKIE = 'extranet_refresh';
const LOGIN_COOKIE = 'extranet_oidc';
const GATEWAY: Actor = { kind: 'system', id: 'gateway' };

/** Cookie options: HttpOnly and SameSite always, Secure whenever the public address is https. */
export function cookieOptions(config: GatewayConfig, maxAgeMs?: number) {
  return { httpOnly: true, sameSite: 'lax' as const, secure: config.publicUrl.startsWith('https:'), path: '/', maxAge: maxAgeMs, overwrite: true };
}

/**
 * Employee sign-in: OIDC authorization code with PKCE (openid-client), then an
 * employee session in a signed, HttpOnly cookie. Only OIDC accounts registered
 * as employees get one.
 */
export function createEmployeeAuth(config: GatewayConfig, identity: ServiceClient) {
  const key = new TextEncoder().encode(config.sessionSecret);
  let discovered: Promise<oidc.Configuration> | undefined;
  const oidcConfig = () =>
    (discovered ??= oidc
      .discovery(new URL(config.oidcIssuer), config.oidcClientId, config.oidcClientSecret, undefined, {
        execute: config.oidcIssuer.startsWith('http:') ? [oidc.allowInsecureRequests] : [],
      })
      .catch((err) => {
        discovered = undefined;
        throw new HttpError(503, 'oidc_unavailable', `the sign-in provider at ${config.oidcIssuer} cannot be reached: ${(err as Error).message}`);
      }));
  const redirectUri = `${config.publicUrl}/auth/callback`;

  async function sign(payload: Record<string, unknown>, ttl: string) {
    return new SignJWT(payload).setProtectedHeader({ alg: 'HS256' }).setIssuedAt().setExpirationTime(ttl).sign(key);
  }

  return {
    async login(ctx: Context) {
      const c = await oidcConfig();
      const verifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const returnTo = typeof ctx.query.returnTo === 'string' && ctx.query.returnTo.startsWith('/') && !ctx.query.returnTo.startsWith('//') ? ctx.query.returnTo : '/extranet-governance';
      ctx.cookies.set(LOGIN_COOKIE, await sign({ verifier, state, returnTo }, '10m'), cookieOptions(config, 10 * 60 * 1000));
      ctx.redirect(
        oidc
          .buildAuthorizationUrl(c, {
            redirect_uri: redirectUri,
            scope: 'openid email profile',
            code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
            code_challenge_method: 'S256',
            state,
          })
          .href,
      );
    },

    async callback(ctx: Context) {
      const c = await oidcConfig();
      const pending = ctx.cookies.get(LOGIN_COOKIE);
      if (!pending) throw new HttpError(400, 'sign_in_expired', 'the sign-in took too long or cookies are blocked; start again');
      let p: { verifier: string; state: string; returnTo: string };
      try {
        p = (await jwtVerify(pending, key)).payload as typeof p;
      } catch {
        throw new HttpError(400, 'sign_in_expired', 'the sign-in took too long; start again');
      }
      ctx.cookies.set(LOGIN_COOKIE, null, cookieOptions(config));
      let tokens;
      try {
        tokens = await oidc.authorizationCodeGrant(c, new URL(ctx.originalUrl, config.publicUrl), { pkceCodeVerifier: p.verifier, expectedState: p.state });
      } catch (err) {
        throw new HttpError(400, 'sign_in_failed', `sign-in failed: ${(err as Error).message}`);
      }
      const claims = tokens.claims();
      if (!claims) throw new HttpError(400, 'sign_in_failed', 'the provider returned no identity');
      let employee: { id: string; name: string; role: string; email: string };
      try {
        employee = await identity.get(GATEWAY, `/employees/by-subject/${encodeURIComponent(claims.sub)}`);
      } catch (err) {
        if (err instanceof ServiceError && err.status === 404) throw forbidden('this account is not an Extranet employee');
        throw err;
      }
      const ttlSeconds = 8 * 3600;
      ctx.cookies.set(EMPLOYEE_COOKIE, await sign({ sub: employee.id, name: employee.name, role: employee.role, email: employee.email }, `${ttlSeconds}s`), cookieOptions(config, ttlSeconds * 1000));
      ctx.redirect(p.returnTo);
    },

    logout(ctx: Context) {
      ctx.cookies.set(EMPLOYEE_COOKIE, null, cookieOptions(config));
      ctx.body = { signedOut: true };
    },

    /** Middleware: the caller must carry a valid employee session. */
    async require(ctx: Context, next: Next) {
      const token = ctx.cookies.get(EMPLOYEE_COOKIE);
      if (!token) {
        if (ctx.cookies.get(CLIENT_COOKIE)) throw forbidden('the governance area is for employees');
        throw unauthorized('employee sign-in required');
      }
      try {
        const { payload } = await jwtVerify(token, key);
        ctx.state.actor = { kind: 'employee', id: payload.sub!, name: String(payload.name), role: payload.role as EmployeeRole } satisfies Actor;
        ctx.state.employee = payload;
      } catch {
        throw unauthorized('employee session expired; sign in again');
      }
      await next();
    },
  };
}

/**
 * Client authentication on every portal request: the session is checked at
 * identity and the scope is resolved at policy each time, so a disabled link
 * or an ended session stops access on the very next request.
 */
export function createClientAuth(config: GatewayConfig, identity: ServiceClient, policy: ServiceClient) {
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

export { GATEWAY };
