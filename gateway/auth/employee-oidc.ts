import type { Context, Next } from 'koa';
import * as oidc from 'openid-client';
import { HttpError, forbidden, unauthorized } from '../../lib/errors.js';
import { isTokenShaped } from '../../lib/http.js';
import { parseActor } from '../../internal/actor.js';
import { ServiceError } from '../../internal/client.js';
import type { IdentityClient } from '../../internal/clients/identity.js';
import type { Answer } from '../../internal/messages.js';
import type { GatewayConfig } from '../config.js';
import { CLIENT_COOKIE, EMPLOYEE_COOKIE, LOGIN_COOKIE, cookieOptions } from './cookies.js';
import { loginStateCodec, safeReturnTo } from './login-state.js';

/**
 * Employee sign-in: OIDC authorization code with PKCE (openid-client), then an
 * employee session held by identity. The cookie is an opaque token checked on
 * every request, so sign-out, a disabled employee and a role change count at once.
 */
export function createEmployeeAuth(config: GatewayConfig, identity: IdentityClient) {
  const GATEWAY = identity.system;
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
      let session: Answer<IdentityClient['startEmployeeSession']>;
      try {
        session = await identity.startEmployeeSession(GATEWAY, claims.sub);
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
      if (isTokenShaped(token)) {
        try {
          await identity.endEmployeeSession(GATEWAY, token);
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
      if (!isTokenShaped(token)) throw unauthorized('employee session expired; sign in again');
      let current: Answer<IdentityClient['currentEmployeeSession']>;
      try {
        current = await identity.currentEmployeeSession(GATEWAY, token);
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
