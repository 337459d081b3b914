import type Router from '@koa/router';
import type { Context, Next } from 'koa';
import { forbidden, notFound } from '../../../lib/errors.js';
import { callerOf } from '../../upstream.js';
import { uuidParam } from '../params.js';
import type { GovernanceDeps } from './deps.js';

async function administratorsOnly(ctx: Context, next: Next) {
  const caller = callerOf(ctx);
  if (caller.kind !== 'employee' || caller.role !== 'administrator') throw forbidden('the mail view is for administrators');
  await next();
}

/** The development mail catcher: administrators read the emails the system sent (they hold activation links). */
export function mailRoutes(gov: Router, { config }: GovernanceDeps) {
  const catcher = () => {
    if (!config.mailCatcherUrl) throw notFound('mail catcher');
    return config.mailCatcherUrl;
  };
  gov.get('/mail', administratorsOnly, async (ctx) => {
    ctx.body = await (await fetch(`${catcher()}/messages`)).json();
  });
  gov.get('/mail/:id', administratorsOnly, async (ctx) => {
    const url = `${catcher()}/messages/${uuidParam(ctx, 'id', 'message')}`;
    const res = await fetch(url);
    if (res.status === 404) throw notFound('message');
    ctx.body = await res.json();
  });
}
