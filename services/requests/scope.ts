import type { Knex } from 'knex';
import type { Actor } from '../../internal/actor.js';
import type { Permission } from '../../domain/vocabulary.js';

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

export { type Governed, governedOf, governedOnly, mayGovern } from '../../internal/governed.js';
