import type { Knex } from 'knex';
import type { Context } from 'koa';
import type { Actor } from '../../internal/actor.js';
import type { Permission } from '../../domain/vocabulary.js';
import { forbidden } from '../../lib/errors.js';

export type Client = Pick<Extract<Actor, { kind: 'client' }>, 'companies'>;

/** (company, pipeline) pairs the client may see, optionally only where a permission holds. */
export function visiblePairs(client: Client, permission?: Permission): [string, string][] {
  return client.companies
    .filter((c) => !permission || c.permissions.includes(permission))
    .flatMap((c) => c.pipelineIds.map((p) => [c.companyId, p] as [string, string]));
}

/** Restricts a query on `requests` to the client's scope, in SQL; an empty scope matches nothing. */
export function scoped(q: Knex.QueryBuilder, client: Client, permission?: Permission) {
  const pairs = visiblePairs(client, permission);
  return pairs.length ? q.whereIn(['requests.company_id', 'requests.pipeline_id'], pairs) : q.whereRaw('false');
}

/** Whether the client holds a permission in one company. */
export const holds = (client: Client, companyId: string, permission: Permission) =>
  client.companies.some((c) => c.companyId === companyId && c.permissions.includes(permission));

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
export function governedOnly(q: Knex.QueryBuilder, governed: Governed, column = 'requests.company_id') {
  if (governed.all) return q;
  return governed.companyIds.length ? q.whereIn(column, governed.companyIds) : q.whereRaw('false');
}

export const mayGovern = (governed: Governed, companyId: string) => governed.all || governed.companyIds.includes(companyId);
