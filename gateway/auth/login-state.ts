import { SignJWT, jwtVerify } from 'jose';
import { hkdfSync } from 'node:crypto';

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
export function loginStateCodec(sessionSecret: string) {
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
