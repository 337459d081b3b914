import type { Context, Next } from 'koa';
import { HttpError, forbidden } from '../../lib/errors.js';

/** Mutations (the API and sign-out) must be JSON from our own origin: a cross-site form cannot send that. */
export function csrfGuard(publicUrl: string) {
  const origin = new URL(publicUrl).origin;
  return async (ctx: Context, next: Next) => {
    if (!['GET', 'HEAD', 'OPTIONS'].includes(ctx.method) && (ctx.path.startsWith('/api/') || ctx.path.startsWith('/auth/'))) {
      if (!ctx.is('application/json')) throw new HttpError(415, 'json_required', 'send the body as application/json', { field: 'content-type' });
      const from = ctx.get('origin');
      if (from && from !== origin) throw forbidden('cross-site request refused');
    }
    await next();
  };
}
