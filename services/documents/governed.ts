import type { Knex } from 'knex';
import type { Context } from 'koa';
import { forbidden, notFound } from '../../lib/errors.js';
import { isUuid } from '../../lib/http.js';
import { governedOf, mayGovern } from '../../internal/governed.js';
import { requireStaff } from '../../internal/service-app.js';

/** The document of the path, for an employee who may govern its company (the gateway names those companies). */
export async function governedDocument(db: Knex, ctx: Context) {
  const actor = requireStaff(ctx);
  if (!isUuid(ctx.params.id)) throw notFound('document');
  const d = await db('documents').where({ id: ctx.params.id }).first();
  if (!d) throw notFound('document');
  if (!mayGovern(governedOf(ctx), d.company_id)) throw forbidden('you may not work with the documents of this company');
  return { actor, d: d as Record<string, any> };
}
