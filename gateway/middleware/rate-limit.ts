import type { Context, Next } from 'koa';
import type { IdentityClient } from '../../internal/clients/identity.js';
import { relay } from '../upstream.js';

/**
 * A per-address limit on sign-in, activation and password attempts. The
 * counters live in identity's database, so every gateway replica sees the same
 * count; the address is the one the outermost trusted proxy saw (ctx.ip with
 * TRUST_PROXY_HOPS), never a client-written X-Forwarded-For entry.
 */
export function rateLimit(identity: IdentityClient, bucket: string, perMinute: number) {
  return async (ctx: Context, next: Next) => {
    await relay(identity.consumeRateLimit(identity.system, { key: `${bucket}:${ctx.ip}`, points: perMinute, duration: 60 }));
    await next();
  };
}
