import type { Context, Next } from 'koa';
import { HttpError, forbidden } from '../../lib/errors.js';

/** Where files are uploaded: the one place a mutation may be a multipart form. */
const UPLOADS = [
  /^\/api\/(portal|governance)\/attachments$/,
  /^\/api\/governance\/documents\/[^/]+\/versions$/,
  /^\/api\/portal\/documents\/[^/]+\/attachments$/,
];

/**
 * Mutations (the API and sign-out) must be JSON from our own origin: a
 * cross-site form cannot send that. An upload is a multipart form, which a
 * cross-site form can send, so it must also carry the `x-extranet-upload`
 * header, which a cross-site page cannot set without a CORS preflight this
 * gateway never allows.
 */
export function csrfGuard(publicUrl: string) {
  const origin = new URL(publicUrl).origin;
  return async (ctx: Context, next: Next) => {
    // The widget's posts come from clients' own sites by design, carry no cookie and are checked by their key and origin (routes/widget.ts).
    const widget = ctx.method === 'POST' && ctx.path === '/api/widget/messages';
    if (!widget && !['GET', 'HEAD', 'OPTIONS'].includes(ctx.method) && (ctx.path.startsWith('/api/') || ctx.path.startsWith('/auth/'))) {
      const upload = ctx.method === 'POST' && UPLOADS.some((re) => re.test(ctx.path)) && ctx.is('multipart/form-data') && ctx.get('x-extranet-upload') === '1';
      // A DELETE carries no body, and no form can send one.
      const bodiless = ctx.method === 'DELETE' && !ctx.request.length && !ctx.get('transfer-encoding');
      if (!upload && !bodiless && !ctx.is('application/json'))
        throw new HttpError(415, 'json_required', 'send the body as application/json (a file: multipart/form-data with x-extranet-upload: 1)', {
          field: 'content-type',
        });
      const from = ctx.get('origin');
      if (from && from !== origin) throw forbidden('cross-site request refused');
    }
    await next();
  };
}
