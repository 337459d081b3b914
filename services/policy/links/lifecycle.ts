import { conflict, unprocessable } from '../../../lib/errors.js';
import { audit } from '../../../lib/audit.js';
import type { LinkCompaniesRequest, LinkStatusRequest } from '../../../proto/gen/extranet/v1/governance_pb.js';
import { impactOf } from '../access/impact.js';
import { assertMayGrant } from '../access/rights.js';
import { loadAccessState, withCompanies, type AccessState } from '../access/scope.js';
import type { ChangeContext } from '../policies/policies.js';
import type { Plain } from '../../../internal/messages.js';
import type { LinkCompaniesChangeValid, LinkStatusChangeValid } from '../../../proto/gen/extranet/v1/policy_pb.js';

type LinkRow = Record<string, any>;

/**
 * Disable (pause), enable again, or revoke (final). The offboarding workflow
 * calls it too, acting for the employee who ended the collaboration.
 */
export async function changeLinkStatus(c: ChangeContext, link: LinkRow, input: LinkStatusRequest): Promise<Plain<LinkStatusChangeValid>> {
  if (link.status === 'revoked') throw conflict('link_revoked', 'a revoked link is final; create a new link with the link wizard', { field: 'status' });
  if (link.status === input.status) throw conflict('no_change', `the link is already ${input.status}`, { field: 'status' });
  // The offboarding workflow acts for the employee who ended the collaboration.
  const who = c.actor.kind === 'system' && input.employeeId ? { kind: 'employee' as const, id: input.employeeId } : c.actor;
  const before = await loadAccessState(c.db, (q) => q.where({ id: link.id }));
  const after: AccessState = { ...before, links: new Map(before.links).set(link.id, { ...before.links.get(link.id)!, status: input.status }) };
  const result = await impactOf(c, before, after);
  if (!c.dryRun) {
    await c.db.transaction(async (tx) => {
      const n = await tx('links')
        .where({ id: link.id, status: link.status })
        .update({ status: input.status, updated_at: tx.fn.now(), ended_at: input.status === 'revoked' ? tx.fn.now() : null });
      if (n !== 1) throw conflict('changed_meanwhile', 'the link changed meanwhile; reload it', { field: 'status' });
      await audit(tx, who, {
        action: `link.${input.status === 'active' ? 'enabled' : input.status}`,
        entityType: 'link',
        entityId: link.id,
        linkId: link.id,
        companyId: link.default_company_id,
        before: { status: link.status },
        after: { status: input.status },
      });
    });
  }
  return { applied: !c.dryRun, status: input.status, userId: link.user_id as string, contactId: link.contact_id as string, impact: result };
}

/** The link's companies and default company: only companies the contact belongs to, and the caller may govern. */
export async function changeLinkCompanies(c: ChangeContext, link: LinkRow, input: LinkCompaniesRequest): Promise<Plain<LinkCompaniesChangeValid>> {
  if (link.status === 'revoked') throw conflict('link_revoked', 'a revoked link cannot change', { field: 'companyIds' });
  const companies = await c.db('companies').whereIn('id', input.companyIds);
  const missing = input.companyIds.filter((id) => !companies.some((company) => company.id === id));
  if (missing.length) throw unprocessable('companyIds', `companyIds names unknown companies: ${missing.join(', ')}`);
  const member = new Set(
    (await c.db('company_contacts').where({ contact_id: link.contact_id }).whereIn('company_id', input.companyIds)).map((m) => m.company_id),
  );
  const foreign = companies.filter((company) => company.kind !== 'client' || !member.has(company.id));
  if (foreign.length) throw unprocessable('companyIds', `the contact is not a client contact of ${foreign.map((company) => company.name).join(', ')}`);
  const current = (await c.db('link_companies').where({ link_id: link.id })).map((x) => x.company_id as string);
  await assertMayGrant(c.db, c.actor, [...new Set([...current, ...input.companyIds])]);
  const before = await loadAccessState(c.db, (q) => q.where({ id: link.id }));
  const widened = await withCompanies(c.db, before, input.companyIds);
  const after: AccessState = {
    ...widened,
    links: new Map(widened.links).set(link.id, { ...widened.links.get(link.id)!, companyIds: input.companyIds, defaultCompanyId: input.defaultCompanyId }),
  };
  const result = await impactOf(c, widened, after);
  if (!c.dryRun) {
    await c.db.transaction(async (tx) => {
      await tx('link_companies').where({ link_id: link.id }).whereNotIn('company_id', input.companyIds).delete();
      await tx('link_companies')
        .insert(input.companyIds.map((company_id) => ({ link_id: link.id, company_id })))
        .onConflict(['link_id', 'company_id'])
        .ignore();
      await tx('links').where({ id: link.id }).update({ default_company_id: input.defaultCompanyId, updated_at: tx.fn.now() });
      await audit(tx, c.actor, {
        action: 'link.companies_changed',
        entityType: 'link',
        entityId: link.id,
        linkId: link.id,
        companyId: input.defaultCompanyId,
        before: { companyIds: current, defaultCompanyId: link.default_company_id },
        after: { companyIds: input.companyIds, defaultCompanyId: input.defaultCompanyId },
      });
    });
  }
  return { applied: !c.dryRun, companyIds: input.companyIds, defaultCompanyId: input.defaultCompanyId, impact: result };
}
