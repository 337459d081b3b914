import Koa from 'koa';
import Router from '@koa/router';
import { Client, Connection } from '@temporalio/client';
import { errorMiddleware, notFound } from '../lib/errors.js';
import { jsonBody, refuseNul, refuseNulInBody } from '../lib/http.js';
import { createClientAuth } from './auth/client-session.js';
import { createEmployeeAuth } from './auth/employee-oidc.js';
import type { GatewayConfig } from './config.js';
import { csrfGuard } from './middleware/csrf.js';
import { channelRoutes } from './routes/channels.js';
import { widgetRoutes } from './routes/widget.js';
import { securityHeaders } from './middleware/headers.js';
import { rateLimit } from './middleware/rate-limit.js';
import { governanceRouter } from './routes/governance/index.js';
import { portalRouters } from './routes/portal/index.js';
import { upstreamOf } from './upstream.js';
import { webRoutes } from './web.js';
import { gatewayWorkflows } from './workflows.js';

export interface Gateway {
  app: Koa;
  temporal: Client;
  /** The routers behind /api/governance and the signed-in part of /api/portal (tests walk every route). */
  routers: { governance: Router; portal: Router[] };
  close(): Promise<void>;
}

/** The gateway: authentication, the public API, the two web apps. Assembles; the routes live in routes/. */
export function createGateway(config: GatewayConfig, opts: { connection?: Connection; loginAttemptsPerMinute?: number } = {}): Gateway {
  const upstream = upstreamOf(config);
  const connection = opts.connection ?? Connection.lazy({ address: config.temporalAddress });
  const temporal = new Client({ connection, namespace: config.temporalNamespace });
  const workflows = gatewayWorkflows(temporal, config.taskQueue);
  const employees = createEmployeeAuth(config, upstream.identity);
  const perMinute = opts.loginAttemptsPerMinute ?? 30;
  const limit = (bucket: string) => rateLimit(upstream.identity, bucket, perMinute);

  const governance = governanceRouter({ config, upstream, workflows }, employees.require);
  const portal = portalRouters({ config, upstream, workflows, limit }, createClientAuth(config, upstream.identity, upstream.policy));
  const auth = new Router();
  auth.get('/auth/login', (ctx) => employees.login(ctx));
  auth.get('/auth/callback', (ctx) => employees.callback(ctx));
  auth.post('/auth/logout', (ctx) => employees.logout(ctx));
  auth.get('/healthz', (ctx) => void (ctx.body = { ok: true }));

  const app = new Koa({ proxy: config.trustProxyHops > 0, maxIpsCount: config.trustProxyHops });
  app.use(errorMiddleware);
  app.use(refuseNul);
  app.use(securityHeaders);
  app.use(csrfGuard(config.publicUrl));
  app.use(jsonBody());
  app.use(refuseNulInBody);
  const channels = channelRoutes(config, upstream.identity);
  const widget = widgetRoutes(upstream, config.publicUrl);
  for (const r of [auth, channels, widget, governance, portal.open, portal.account, portal.collaboration, portal.files, webRoutes(config)])
    app.use(r.routes()).use(r.allowedMethods());
  app.use((ctx) => {
    if (ctx.path.startsWith('/api/')) throw notFound('endpoint');
  });

  return {
    app,
    temporal,
    routers: { governance, portal: [portal.account, portal.collaboration, portal.files] },
    async close() {
      if (!opts.connection) await connection.close();
    },
  };
}
