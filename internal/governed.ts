import type { Knex } from 'knex';
import type { Context } from 'koa';
import { forbidden } from '../lib/errors.js';

/**
 * The companies an employee may work with, as the gateway learned them from
 * policy for this call (header `x-governed-companies`: `all`, or ids separated
 * by commas). Every team query is restricted by it in SQL.
 */
export type Governed = { all: true } | { all: false; companyIds: string[] };

export function governedOf(ctx: Context): Governed {
  const header = ctx.get('x-governed-companies');
  if (header === 'all') return { all: true };
  if (!header) throw forbidden('no companies to work with were named for this call');
  const ids = header === 'none' ? [] : header.split(',');
  return { all: false, companyIds: ids };
}

/** Restricts a query on a table with `company_id` to the governed companies. */
export function governedOnly(q: Knex.QueryBuilder, governed: Governed, column: string) {
  if (governed.all) return q;
  return governed.companyIds.length ? q.whereIn(column, governed.companyIds) : q.whereRaw('false');
}

export const mayGovern = (governed: Governed, companyId: string) => governed.all || governed.companyIds.includes(companyId);

/** The header a team call carries: the companies policy says the employee may govern now. */
export const governedHeader = (g: { all: boolean; companyIds: string[] }) => ({ 'x-governed-companies': g.all ? 'all' : g.companyIds.join(',') || 'none' });
