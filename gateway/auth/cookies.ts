import type { Context } from 'koa';
import { isTokenShaped, isUuid } from '../../lib/http.js';
import type { Plain } from '../../internal/messages.js';
import type { SessionTokens } from '../../proto/gen/extranet/v1/identity_pb.js';
import type { GatewayConfig } from '../config.js';

export const EMPLOYEE_COOKIE = 'extranet_employee';
export const CLIENT_COOKIE = 'extranet_session';
export const REFRESH_COOKIE = 'extranet_refresh';
export const LOGIN_COOKIE = 'extranet_oidc';
/** The refresh cookie goes only to the one endpoint that uses it. */
export const REFRESH_PATH = '/api/portal/refresh';

/** Cookie options: HttpOnly and SameSite always, Secure whenever the public address is https. */
export function cookieOptions(config: GatewayConfig, maxAgeMs?: number) {
  return { httpOnly: true, sameSite: 'lax' as const, secure: config.publicUrl.startsWith('https:'), path: '/', maxAge: maxAgeMs, overwrite: true };
}

/**
 * The access cookie carries the user id beside the session token, so the
 * gateway can ask identity about the session and policy about the scope at the
 * same time; the scope is used only when identity confirms the session is that
 * user's. The token alone decides: a forged user id gets nothing.
 */
export function parseClientCookie(value: string | undefined): { userId: string; token: string } | undefined {
  if (value?.length !== 80 || value[36] !== '.') return undefined;
  const userId = value.slice(0, 36);
  const token = value.slice(37);
  return isUuid(userId) && isTokenShaped(token) ? { userId, token } : undefined;
}

/** The access cookie for every portal call, the refresh cookie only for /api/portal/refresh; `s` is what identity answers at sign-in, activation and refresh. */
export function setClientCookies(ctx: Context, config: GatewayConfig, s: Omit<Plain<SessionTokens>, 'sessionId'>) {
  ctx.cookies.set(CLIENT_COOKIE, `${s.userId}.${s.token}`, cookieOptions(config, new Date(s.expiresAt).getTime() - Date.now()));
  ctx.cookies.set(REFRESH_COOKIE, s.refreshToken, { ...cookieOptions(config, new Date(s.refreshExpiresAt).getTime() - Date.now()), path: REFRESH_PATH });
}

export function clearClientCookies(ctx: Context, config: GatewayConfig) {
  ctx.cookies.set(CLIENT_COOKIE, null, cookieOptions(config));
  ctx.cookies.set(REFRESH_COOKIE, null, { ...cookieOptions(config), path: REFRESH_PATH });
}
