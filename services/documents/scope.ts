import type { Knex } from 'knex';
import type { Actor } from '../../internal/actor.js';

export type Client = Pick<Extract<Actor, { kind: 'client' }>, 'companies' | 'contactId'>;

/**
 * A client sees a document only when it is published, belongs to one of their
 * companies whose effective policy includes documents, and is for the whole
 * company or for their own contact. All of it is in the WHERE clause.
 */
export function scoped(q: Knex.QueryBuilder, client: Client) {
  const companies = client.companies.filter((c) => c.permissions.includes('documents')).map((c) => c.companyId);
  if (!companies.length) return q.whereRaw('false');
  return q
    .where('documents.status', 'published')
    .whereIn('documents.company_id', companies)
    .where((w) => w.whereNull('documents.contact_id').orWhere('documents.contact_id', client.contactId));
}
