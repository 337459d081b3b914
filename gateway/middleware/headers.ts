import type { Context, Next } from 'koa';

/** Headers every answer carries: no sniffing, no referrer, no framing. */
export async function securityHeaders(ctx: Context, next: Next) {
  await next();
  ctx.set('x-content-type-options', 'nosniff');
  ctx.set('referrer-policy', 'no-referrer');
  ctx.set('x-frame-options', 'DENY');
}
