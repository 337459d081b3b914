import type { Knex } from 'knex';
import { notFound } from '../../../lib/errors.js';
import { isUuid } from '../../../lib/http.js';
import { assertMayGovernLink, type Staff } from '../access/rights.js';
import { contactPolicyKey, effectiveFor, loadAccessState } from '../access/scope.js';
import { isoTime, type Plain } from '../../../internal/messages.js';
import type { LinkDetailValid } from '../../../proto/gen/extranet/v1/policy_pb.js';

/**
 * Link details: contact, companies, default company, and per company both
 * policies and the effective one, from the same state and function that build
 * the client's scope (so a disabled link shows that it reaches nothing).
 * One set of queries for any number of links.
 */
export async function linkDetails(db: Knex, links: Record<string, any>[]): Promise<Plain<LinkDetailValid>[]> {
  if (!links.length) return [];
  const state = await loadAccessState(db, (q) =>
    q.whereIn(
      'links.id',
      links.map((l) => l.id),
    ),
  );
  return links.map((link) => {
    const contact = state.contacts.get(link.contact_id)!;
    const companies = state.links
      .get(link.id)!
      .companyIds.map((id) => state.companies.get(id)!)
      .sort((a, b) => a.name.localeCompare(b.name));
    return {
      id: link.id,
      status: link.status,
      user: link.user_snapshot,
      contact: { id: contact.id, firstName: contact.firstName, lastName: contact.lastName, email: contact.email },
      defaultCompanyId: link.default_company_id,
      createdBy: link.created_by,
      createdAt: isoTime(link.created_at),
      companies: companies.map((c) => ({
        id: c.id,
        name: c.name,
        kind: c.kind ?? '',
        extranetEnabled: c.extranetEnabled,
        companyPolicy: state.companyPolicies.get(c.id) ?? null,
        contactPolicy: state.contactPolicies.get(contactPolicyKey(link.contact_id, c.id)) ?? null,
        effectivePolicy: effectiveFor(state, link.id, c.id),
      })),
    };
  });
}
export const linkDetail = async (db: Knex, link: Record<string, any>) => (await linkDetails(db, [link]))[0]!;

/** The link, once the caller is known to govern all its companies. */
export async function findLink(db: Knex, id: unknown, actor: Staff) {
  const link = isUuid(id) ? await db('links').where({ id }).first() : undefined;
  if (!link) throw notFound('link');
  await assertMayGovernLink(db, actor, link.id);
  return link;
}
