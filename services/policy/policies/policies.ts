import type { Knex } from 'knex';
import { forbidden, notFound, unprocessable } from '../../../lib/errors.js';
import { audit } from '../../../lib/audit.js';
import { isUuid } from '../../../lib/http.js';
import type { Permission } from '../../../domain/vocabulary.js';
import type { CompanyAccessRequest, PolicyRequest } from '../../../proto/gen/extranet/v1/governance_pb.js';
import { effectivePolicy, type Policy } from '../access/effective.js';
import { assertPipelinesExist, impactOf, type ImpactDeps } from '../access/impact.js';
import { assertMayGrant, type Staff } from '../access/rights.js';
import { contactPolicyKey, loadAccessState, type AccessState } from '../access/scope.js';
import { findCompany } from '../directory/directory.js';
import type { Plain } from '../../../internal/messages.js';
import type { CompanyAccessChangeValid, CompanyPolicyChangeValid, ContactPolicyChangeValid } from '../../../proto/gen/extranet/v1/policy_pb.js';

/** Everything a policy change needs; `dryRun` answers the impact and writes nothing (the `/preview` twins). */
export interface ChangeContext extends ImpactDeps {
  db: Knex;
  actor: Staff;
  dryRun: boolean;
}

const asPolicy = (input: PolicyRequest): Policy => ({ permissions: input.permissions as Permission[], pipelineIds: input.pipelineIds });
const liveLinksOf = (db: Knex, companyId: string) => (q: Knex.QueryBuilder) =>
  q.whereNot('links.status', 'revoked').whereExists(db('link_companies').whereRaw('link_companies.link_id = links.id').where({ company_id: companyId }));

/** The company policy: the perimeter for every contact of the company. */
export async function changeCompanyPolicy(c: ChangeContext, companyId: unknown, read: () => PolicyRequest): Promise<Plain<CompanyPolicyChangeValid>> {
  const company = await findCompany(c.db, companyId);
  await assertMayGrant(c.db, c.actor, [company.id]);
  const next = asPolicy(read());
  await assertPipelinesExist(c.requests, next.pipelineIds);
  const before = await loadAccessState(c.db, liveLinksOf(c.db, company.id));
  const after: AccessState = { ...before, companyPolicies: new Map(before.companyPolicies).set(company.id, next) };
  const impact = await impactOf(c, before, after);
  if (!c.dryRun) {
    await c.db.transaction(async (tx) => {
      const old = await tx('company_policies').where({ company_id: company.id }).forUpdate().first();
      await tx('company_policies')
        .insert({ company_id: company.id, permissions: next.permissions, pipeline_ids: next.pipelineIds, updated_at: tx.fn.now() })
        .onConflict('company_id')
        .merge();
      await audit(tx, c.actor, {
        action: 'company_policy.changed',
        entityType: 'company_policy',
        entityId: company.id,
        companyId: company.id,
        before: old ? { permissions: old.permissions, pipelineIds: old.pipeline_ids } : null,
        after: next,
      });
    });
  }
  return { applied: !c.dryRun, policy: next, impact };
}

/** The contact policy: narrows the company policy for one person; it can never widen it. */
export async function changeContactPolicy(
  c: ChangeContext,
  contactId: unknown,
  companyId: unknown,
  read: () => PolicyRequest,
): Promise<Plain<ContactPolicyChangeValid>> {
  const company = await findCompany(c.db, companyId);
  await assertMayGrant(c.db, c.actor, [company.id]);
  if (!isUuid(contactId) || !(await c.db('contacts').where({ id: contactId }).first())) throw notFound('contact');
  if (!(await c.db('company_contacts').where({ company_id: company.id, contact_id: contactId }).first()))
    throw unprocessable('contactId', `the contact is not a contact of ${company.name}`);
  const next = asPolicy(read());
  await assertPipelinesExist(c.requests, next.pipelineIds);
  const before = await loadAccessState(c.db, (q) => liveLinksOf(c.db, company.id)(q).where({ contact_id: contactId }));
  const after: AccessState = { ...before, contactPolicies: new Map(before.contactPolicies).set(contactPolicyKey(contactId, company.id), next) };
  const impact = await impactOf(c, before, after);
  if (!c.dryRun) {
    await c.db.transaction(async (tx) => {
      const old = await tx('contact_policies').where({ contact_id: contactId, company_id: company.id }).forUpdate().first();
      await tx('contact_policies')
        .insert({ contact_id: contactId, company_id: company.id, permissions: next.permissions, pipeline_ids: next.pipelineIds, updated_at: tx.fn.now() })
        .onConflict(['contact_id', 'company_id'])
        .merge();
      await audit(tx, c.actor, {
        action: 'contact_policy.changed',
        entityType: 'contact_policy',
        entityId: `${contactId}:${company.id}`,
        companyId: company.id,
        before: old ? { permissions: old.permissions, pipelineIds: old.pipeline_ids } : null,
        after: next,
      });
    });
  }
  // The effective result is what matters: show it, capped by the company policy.
  const companyPolicy = await c.db('company_policies').where({ company_id: company.id }).first();
  const perimeter = companyPolicy ? { permissions: companyPolicy.permissions, pipelineIds: companyPolicy.pipeline_ids } : undefined;
  return { applied: !c.dryRun, policy: next, effectivePolicy: effectivePolicy(perimeter, next), impact };
}

/** Extranet access for a company, and who may grant it. Administrators only. */
export async function changeCompanyAccess(c: ChangeContext, companyId: unknown, read: () => CompanyAccessRequest): Promise<Plain<CompanyAccessChangeValid>> {
  const company = await findCompany(c.db, companyId);
  if (c.actor.kind === 'employee' && c.actor.role !== 'administrator') throw forbidden('only portal administrators change who may access the extranet');
  const input = read();
  if (company.kind !== 'client') throw unprocessable('id', `${company.name} is not a client company`);
  const before = await loadAccessState(c.db, liveLinksOf(c.db, company.id));
  const after: AccessState = {
    ...before,
    companies: new Map(before.companies).set(company.id, { id: company.id, name: company.name, extranetEnabled: input.extranetEnabled }),
  };
  const impact = await impactOf(c, before, after);
  if (!c.dryRun) {
    await c.db.transaction(async (tx) => {
      await tx('companies').where({ id: company.id }).update({ extranet_enabled: input.extranetEnabled, grant_access: input.grantAccess });
      await audit(tx, c.actor, {
        action: 'company_access.changed',
        entityType: 'company',
        entityId: company.id,
        companyId: company.id,
        before: { extranetEnabled: company.extranet_enabled, grantAccess: company.grant_access },
        after: { extranetEnabled: input.extranetEnabled, grantAccess: input.grantAccess },
      });
    });
  }
  return { applied: !c.dryRun, extranetEnabled: input.extranetEnabled, grantAccess: input.grantAccess, impact };
}
