import type { Knex } from 'knex';
import { forbidden } from '../../../lib/errors.js';
import type { Actor } from '../../../internal/actor.js';

/** An employee or a process of the system: who may govern access. */
export type Staff = Extract<Actor, { kind: 'employee' | 'system' }>;

/**
 * May this caller grant or change extranet access for these companies?
 * Administrators and department leads always; account managers for companies
 * they manage; any employee where the company allows it. Workflows always.
 */
export async function assertMayGrant(db: Knex, actor: Staff, companyIds: string[]): Promise<void> {
  if (actor.kind === 'system' || actor.role === 'administrator' || actor.role === 'department_lead') return;
  const companies = await db('companies').whereIn('id', companyIds);
  const managed = new Set((await db('company_managers').where({ employee_id: actor.id }).whereIn('company_id', companyIds)).map((m) => m.company_id));
  const refused = companies.filter(
    (c) => !(c.grant_access === 'all_employees' || (c.grant_access === 'account_managers' && actor.role === 'account_manager' && managed.has(c.id))),
  );
  if (refused.length) throw forbidden(`you may not grant extranet access for ${refused.map((c) => c.name).join(', ')}`);
}

/** The same rule in SQL: restricts a query on `companies` to those the caller may govern. */
export function governableCompanies(db: Knex, actor: Staff) {
  return (q: Knex.QueryBuilder) => {
    if (actor.kind === 'system' || actor.role === 'administrator' || actor.role === 'department_lead') return q;
    return q.where((w) =>
      w.where('companies.grant_access', 'all_employees').orWhere((m) =>
        m
          .where('companies.grant_access', 'account_managers')
          .whereRaw('? = ?', [actor.role, 'account_manager'])
          .whereExists(db('company_managers').whereRaw('company_managers.company_id = companies.id').where({ employee_id: actor.id })),
      ),
    );
  };
}

/** Restricts a query on `links` to links whose companies the caller may all govern. */
export function governableLinks(db: Knex, actor: Staff) {
  return (q: Knex.QueryBuilder) => {
    if (actor.kind === 'system' || actor.role === 'administrator' || actor.role === 'department_lead') return q;
    const mine = governableCompanies(db, actor)(db('companies').select('companies.id'));
    return q.whereNotExists(db('link_companies').whereRaw('link_companies.link_id = links.id').whereNotIn('link_companies.company_id', mine));
  };
}

/** May the caller govern this link (every company it works for)? Refused with 403 otherwise. */
export async function assertMayGovernLink(db: Knex, actor: Staff, linkId: string): Promise<void> {
  await assertMayGrant(
    db,
    actor,
    (await db('link_companies').where({ link_id: linkId })).map((x) => x.company_id),
  );
}
