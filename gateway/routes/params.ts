import type { Context } from 'koa';
import { notFound } from '../../lib/errors.js';
import { isUuid } from '../../lib/http.js';

/** A path parameter that must be a uuid; anything else names nothing (404), never reaches a service. */
export function uuidParam(ctx: Context, name: string, what: string): string {
  const value = ctx.params[name];
  if (!isUuid(value)) throw notFound(what);
  return value;
}

/** The `/preview` twin of a change: the service answers the impact and writes nothing (`dryRun`). */
export const preview = (ctx: Context) => ({ dryRun: ctx.path.endsWith('/preview') });
