import type { Context, Next } from 'koa';
import { SignJWT, jwtVerify } from 'jose';
import { hkdfSync } from 'node:crypto';
import * as oidc from 'openid-client';
import { HttpError, forbidden, unauthorized } from '../lib/errors.js';
import { type ServiceClient, ServiceError } from '../internal/client.js';
import { parseActor, type Actor } from '../internal/actor.js';
import type { Permission } from '../domain/vocabulary.js';
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

/** Where a signed-in employee may be sent back to: only the gateway's own web apps. */
export function safeReturnTo(raw: unknown, publicUrl: string): string {
  const fallback = '/extranet-governance';
  if (typeof raw !== 'string' || raw.length > 2000 || !raw.startsWith('/')) return fallback;
  const origin = new URL(publicUrl).origin;
  let target: URL;
  try {
    target = new URL(raw, origin);
  } catch {
    return fallback;
  }
  if (target.origin !== origin || !/^\/extranet(-governance)?(\/|$)/.test(target.pathname)) return fallback;
  return `${target.pathname}${target.search}${target.hash}`;
}

/**
 * The OIDC login state (PKCE verifier, state, where to return): the only value
 * the gateway signs itself. It says what it is (its own header type and
 * audience) under a key derived for it alone, and its check demands every claim.
 */
function loginStateCodec(sessionSecret: string) {
  const key = new Uint8Array(hkdfSync('sha256', sessionSecret, 'extranet', 'oidc login state v1', 32));
  const TYP = 'extranet-oidc-login+jwt';
  const AUD = 'extranet:oidc-login';
  return {
    sign: (p: { verifier: string; state: string; returnTo: string }) =>
      new SignJWT(p).setProtectedHeader({ alg: 'HS256', typ: TYP }).setAudience(AUD).setIssuedAt().setExpirationTime('10m').sign(key),
    async verify(token: string): Promise<{ verifier: string; state: string; returnTo: string }> {
      const { payload } = await jwtVerify(token, key, {
        algorithms: ['HS256'],
        typ: TYP,
        audience: AUD,
        requiredClaims: ['verifier', 'state', 'returnTo', 'exp'],
      });
      const { verifier, state, returnTo } = payload;
      if (typeof verifier !== 'string' || typeof state !== 'string' || typeof returnTo !== 'string') throw new Error('malformed login state');
      return { verifier, state, returnTo };
    },
  };
}

/**
 * Employee sign-in: OIDC authorization code with PKCE (openid-client), then an
 * employee session held by identity. The cookie is an opaque token checked on
 * every request, so sign-out, a disabled employee and a role change count at once.
 */
export function createEmployeeAuth(config: GatewayConfig, identity: ServiceClient) {
  const loginState = loginStateCodec(config.sessionSecret);
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
  const TOKEN_RE = /^[A-Za-z0-9_-]{43}$/;

  return {
    async login(ctx: Context) {
      const c = await oidcConfig();
      const verifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const returnTo = safeReturnTo(ctx.query.returnTo, config.publicUrl);
      ctx.cookies.set(LOGIN_COOKIE, await loginState.sign({ verifier, state, returnTo }), cookieOptions(config, 10 * 60 * 1000));
      ctx.redirect(
        oidc.buildAuthorizationUrl(c, {
          redirect_uri: redirectUri,
          scope: 'openid email profile',
          code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
          code_challenge_method: 'S256',
          state,
        }).href,
      );
    },

    async callback(ctx: Context) {
      const c = await oidcConfig();
      const pending = ctx.cookies.get(LOGIN_COOKIE);
      if (!pending) throw new HttpError(400, 'sign_in_expired', 'the sign-in took too long or cookies are blocked; start again');
      let p: { verifier: string; state: string; returnTo: string };
      try {
        p = await loginState.verify(pending);
      } catch {
        throw new HttpError(400, 'sign_in_expired', 'the sign-in took too long; start again');
      }
      ctx.cookies.set(LOGIN_COOKIE, null, cookieOptions(config));
      let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
      try {
        tokens = await oidc.authorizationCodeGrant(c, new URL(ctx.originalUrl, config.publicUrl), { pkceCodeVerifier: p.verifier, expectedState: p.state });
      } catch (err) {
        throw new HttpError(400, 'sign_in_failed', `sign-in failed: ${(err as Error).message}`);
      }
      const claims = tokens.claims();
      if (!claims) throw new HttpError(400, 'sign_in_failed', 'the provider returned no identity');
      let session: { token: string; expiresAt: string };
      try {
        session = await identity.post(GATEWAY, '/employee-sessions', { subject: claims.sub });
      } catch (err) {
        if (err instanceof ServiceError && err.status === 404) throw forbidden('this account is not an Extranet employee');
        if (err instanceof ServiceError && err.status === 403) throw forbidden('this employee account is disabled');
        throw err;
      }
      ctx.cookies.set(EMPLOYEE_COOKIE, session.token, cookieOptions(config, new Date(session.expiresAt).getTime() - Date.now()));
      ctx.redirect(safeReturnTo(p.returnTo, config.publicUrl));
    },

    async logout(ctx: Context) {
      const token = ctx.cookies.get(EMPLOYEE_COOKIE);
      if (token && TOKEN_RE.test(token)) {
        try {
          await identity.call(GATEWAY, 'POST', '/employee-sessions/current/end', {}, { 'x-session-token': token });
        } catch (err) {
          // Already ended or expired: signing out is done either way.
          if (!(err instanceof ServiceError && err.status === 401)) throw err;
        }
      }
      ctx.cookies.set(EMPLOYEE_COOKIE, null, cookieOptions(config));
      ctx.body = { signedOut: true };
    },

    /** Middleware: the caller must carry a live employee session; the actor has the employee's current role. */
    async require(ctx: Context, next: Next) {
      const token = ctx.cookies.get(EMPLOYEE_COOKIE);
      if (!token) {
        if (ctx.cookies.get(CLIENT_COOKIE)) throw forbidden('the governance area is for employees');
        throw unauthorized('employee sign-in required');
      }
      if (!TOKEN_RE.test(token)) throw unauthorized('employee session expired; sign in again');
      let current: { employee: { id: string; name: string; role: string; email: string } };
      try {
        current = await identity.call(GATEWAY, 'GET', '/employee-sessions/current', undefined, { 'x-session-token': token });
      } catch (err) {
        if (err instanceof ServiceError && err.status === 401) {
          ctx.cookies.set(EMPLOYEE_COOKIE, null, cookieOptions(config));
          throw unauthorized('employee session expired; sign in again');
        }
        throw err;
      }
      const actor = parseActor({ kind: 'employee', ...current.employee });
      if (!actor) throw unauthorized('employee session expired; sign in again');
      ctx.state.actor = actor;
      ctx.state.employee = current.employee;
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
