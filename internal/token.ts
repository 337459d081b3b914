import { SignJWT, jwtVerify } from 'jose';
import { hkdfSync, randomUUID } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { parseActor, type Actor } from './actor.js';

/** The header type of an internal token: no other signed value of the system carries it. */
const TYP = 'extranet-internal+jwt';
const audienceOf = (service: string) => `extranet:${service}`;

/**
 * The internal token key, derived for this purpose only, so no other use of the
 * secret can produce a valid token; imported once as a CryptoKey (importing it
 * on every sign and verify costs more than the HMAC itself).
 */
const keys = new Map<string, Promise<CryptoKey>>();
function keyOf(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    const raw = new Uint8Array(hkdfSync('sha256', secret, 'extranet', 'internal caller token v2', 32));
    key = crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
    keys.set(secret, key);
  }
  return key;
}

/**
 * Signs a short-lived token carrying the actor, made for exactly one service
 * (its audience) by one process (its issuer), with a unique id.
 */
export async function signActor(secret: string, actor: Actor, to: { audience: string; issuer: string; ttlSeconds?: number }): Promise<string> {
  return new SignJWT({ actor })
    .setProtectedHeader({ alg: 'HS256', typ: TYP })
    .setIssuer(`extranet:${to.issuer}`)
    .setAudience(audienceOf(to.audience))
    .setJti(randomUUID())
    .setIssuedAt()
    .setExpirationTime(`${to.ttlSeconds ?? 30}s`)
    .sign(await keyOf(secret));
}

/**
 * Tokens already verified, by service and token: a caller reuses a token for up
 * to 10 seconds (internal/client.ts), so its signature is checked once; its
 * lifetime is still checked on every use.
 */
const verified = new LRUCache<string, { actor: Actor; expiresAt: number }>({ max: 10_000 });

/** Verifies a token made for `service`, and the actor it carries; anything else throws. */
export async function verifyActor(secret: string, token: string, service: string): Promise<Actor> {
  const key = `${service} ${token}`;
  const known = verified.get(key);
  if (known && known.expiresAt > Date.now()) return known.actor;
  return verifySignedActor(secret, token, service);
}

async function verifySignedActor(secret: string, token: string, service: string): Promise<Actor> {
  const { payload } = await jwtVerify(token, await keyOf(secret), {
    audience: audienceOf(service),
    algorithms: ['HS256'],
    typ: TYP,
    requiredClaims: ['iss', 'jti', 'iat', 'exp'],
    maxTokenAge: '60s',
  });
  const actor = parseActor(payload.actor);
  if (!actor) throw new Error('the token carries no valid actor');
  // The shorter of its own lifetime and the 60 s any token may live after it was issued.
  verified.set(`${service} ${token}`, { actor, expiresAt: Math.min(payload.exp! * 1000, (payload.iat! + 60) * 1000) });
  return actor;
}
