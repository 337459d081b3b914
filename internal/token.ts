import { SignJWT, jwtVerify } from 'jose';
import { hkdfSync, randomUUID } from 'node:crypto';
import { parseActor, type Actor } from './actor.js';

/** The header type of an internal token: no other signed value of the system carries it. */
const TYP = 'extranet-internal+jwt';
const audienceOf = (service: string) => `extranet:${service}`;

/** The internal token key, derived for this purpose only, so no other use of the secret can produce a valid token. */
const keys = new Map<string, Uint8Array>();
function keyOf(secret: string): Uint8Array {
  let key = keys.get(secret);
  if (!key) {
    key = new Uint8Array(hkdfSync('sha256', secret, 'extranet', 'internal caller token v2', 32));
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
    .sign(keyOf(secret));
}

/** Verifies a token made for `service`, and the actor it carries; anything else throws. */
export async function verifyActor(secret: string, token: string, service: string): Promise<Actor> {
  const { payload } = await jwtVerify(token, keyOf(secret), {
    audience: audienceOf(service),
    algorithms: ['HS256'],
    typ: TYP,
    requiredClaims: ['iss', 'jti', 'iat', 'exp'],
    maxTokenAge: '60s',
  });
  const actor = parseActor(payload.actor);
  if (!actor) throw new Error('the token carries no valid actor');
  return actor;
}
