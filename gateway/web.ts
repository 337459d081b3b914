import Router from '@koa/router';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { GatewayConfig } from './config.js';

const page = (name: string) => readFileSync(fileURLToPath(new URL(`./web/${name}`, import.meta.url)), 'utf8');

/** The two web apps: the client portal (/extranet) and the governance area (/extranet-governance). */
export function webRoutes(config: GatewayConfig): Router {
  const portal = page('portal.html');
  const governance = page('governance.html');
  const r = new Router();
  const html = (body: string) => (ctx: import('koa').Context) => {
    ctx.type = 'html';
    ctx.set('content-security-policy', "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'");
    ctx.set('cache-control', 'no-store');
    ctx.body = body;
  };
  r.get(
    '/',
    html(
      `<!doctype html><meta charset="utf-8"><title>Extranet</title><h1>Extranet</h1><ul><li><a href="/extranet">Client portal</a></li><li><a href="/extranet-governance">Extranet Governance (employees)</a></li>${config.temporalUiUrl ? `<li><a href="${config.temporalUiUrl}">Temporal Web</a></li>` : ''}</ul>`,
    ),
  );
  r.get(['/extranet', '/extranet/*rest'], html(portal));
  r.get(['/extranet-governance', '/extranet-governance/*rest'], html(governance));
  return r;
}
