import Router from '@koa/router';
import type { Context } from 'koa';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GatewayConfig } from './config.js';

/** Where `npm run setup` builds the web apps (scripts/build-web.mjs, from web/). */
export const WEB_DIST = fileURLToPath(new URL('../.data/web/', import.meta.url));

/** No inline script or style anywhere: the apps are files of our own origin. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** A built asset's file name: Vite's `name-hash.ext`, nothing that could leave the folder. */
const ASSET_NAME = /^[\w-]+\.(?:js|css|svg|png|woff2)$/;

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Extranet</title><h1>The web apps are not built</h1><p>Run <code>npm run setup</code> (it builds <code>web/</code> into <code>.data/web</code>), then reload.</p>`;

const sendHtml = (ctx: Context, body: string, status = 200) => {
  ctx.status = status;
  ctx.type = 'html';
  ctx.set('content-security-policy', CONTENT_SECURITY_POLICY);
  ctx.set('cache-control', 'no-store');
  ctx.body = body;
};

/** The two web apps: the client portal (/extranet) and the governance area (/extranet-governance), and their hashed assets. */
export function webRoutes(config: GatewayConfig): Router {
  const r = new Router();

  // Read on each request: a rebuild (npm run setup) shows on the next page load without a restart.
  const app = (name: 'portal' | 'governance') => async (ctx: Context) => {
    let html: string;
    try {
      html = await readFile(`${WEB_DIST}${name}/index.html`, 'utf8');
    } catch {
      return sendHtml(ctx, NOT_BUILT, 503);
    }
    sendHtml(ctx, html);
  };

  r.get('/', (ctx) =>
    sendHtml(
      ctx,
      `<!doctype html><meta charset="utf-8"><title>Extranet</title><h1>Extranet</h1><ul><li><a href="/extranet">Client portal</a></li><li><a href="/extranet-governance">Extranet Governance (employees)</a></li>${config.temporalUiUrl ? `<li><a href="${config.temporalUiUrl}">Temporal Web</a></li>` : ''}</ul>`,
    ),
  );
  r.get(['/extranet', '/extranet/*rest'], app('portal'));
  r.get(['/extranet-governance', '/extranet-governance/*rest'], app('governance'));

  // Hashed file names change with their content: cached for a year, never revalidated.
  r.get('/assets/:file', async (ctx) => {
    const file = ctx.params.file!;
    if (!ASSET_NAME.test(file)) return;
    let body: Buffer;
    try {
      body = await readFile(`${WEB_DIST}assets/${file}`);
    } catch {
      return;
    }
    ctx.type = extname(file);
    ctx.set('cache-control', 'public, max-age=31536000, immutable');
    ctx.body = body;
  });
  return r;
}
