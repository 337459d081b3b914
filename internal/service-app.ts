import Koa, { type Context, type Next } from 'koa';
import type Router from '@koa/router';
import { errorMiddleware, forbidden, unauthorized } from '../lib/errors.js';
import { jsonBody, refuseNul, refuseNulInBody } from '../lib/http.js';
import type { Actor } from './actor.js';
import type { ClientAccessCheck } from './client-access.js';
import { verifyActor } from './token.js';

/**
 * A service app: JSON bodies only, one error middleware, the caller's token
 * (made for this service) verified on every route. A service that reads data
 * for clients passes `clients`, the check of their session and access epoch;
 * any other service refuses client actors outright.
 */
export function createServiceApp(service: string, internalSecret: string, routers: Router[], clients?: ClientAccessCheck): Koa {
  const app = new Koa();
  app.use(errorMiddleware);
  app.use(refuseNul);
  app.use(jsonBody());
  app.use(refuseNulInBody);
  app.use(async (ctx: Context, next: Next) => {
    if (ctx.path === '/healthz') {
      ctx.body = { ok: true };
      return;
    }
    const header = ctx.get('authorization');
    if (!header.startsWith('Bearer ')) throw unauthorized('internal token required');
    try {
      ctx.state.actor = await verifyActor(internalSecret, header.slice(7), service);
    } catch {
      throw unauthorized('internal token invalid or expired');
    }
    const actor = ctx.state.actor as Actor;
    if (actor.kind === 'client') {
      if (!clients) throw forbidden(`${service} serves no clients`);
      if (ctx.method === 'GET') {
        // A read writes nothing, so it runs beside the check; a refusal of the check replaces whatever it read.
        const [checked, read] = await Promise.allSettled([clients(ctx, actor), next()]);
        if (checked.status === 'rejected') throw checked.reason;
        if (read.status === 'rejected') throw read.reason;
        return;
      }
      await clients(ctx, actor);
    }
    await next();
  });
  for (const r of routers) app.use(r.routes()).use(r.allowedMethods());
  return app;
}

/** The caller when it must be an employee or the system (workflows); clients are refused. */
export function requireStaff(ctx: Context): Extract<Actor, { kind: 'employee' | 'system' }> {
  const actor = ctx.state.actor as Actor;
  if (actor.kind === 'client') throw forbidden('governance operations are for employees');
  return actor;
}

/** The caller when it must be a client; the scope in it is what SQL filters on. */
export function requireClient(ctx: Context): Extract<Actor, { kind: 'client' }> {
  const actor = ctx.state.actor as Actor;
  if (actor.kind !== 'client') throw forbidden('portal operations are for clients');
  return actor;
}

export function requireSystem(ctx: Context): Extract<Actor, { kind: 'system' }> {
  const actor = ctx.state.actor as Actor;
  if (actor.kind !== 'system') throw forbidden('internal operation');
  return actor;
}
