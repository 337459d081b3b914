import Router from '@koa/router';
import type { Knex } from 'knex';
import { badRequest, unprocessable } from '../../../lib/errors.js';
import { requireStaff, requireSystem } from '../../../internal/service-app.js';
import type { Plain } from '../../../internal/messages.js';
import { parseBody } from '../../../lib/validate.js';
import {
  type DocumentAudience,
  DocumentAudienceQuerySchema,
  type EmployeeGoverns,
  EmployeeGovernsQuerySchema,
  NotificationAudienceQuerySchema,
} from '../../../proto/gen/extranet/v1/policy_pb.js';
import { EMPLOYEE_ROLES, oneOf, type Permission } from '../../../domain/vocabulary.js';
import { findCompany } from '../directory/directory.js';
import { assertMayGrant, governableCompanies, type Staff } from './rights.js';
import { effectiveFor, loadAccessState } from './scope.js';

/**
 * Who would see a document published for a company (and, optionally, one of
 * its contacts): the portal users of active links to that company whose
 * effective policy there includes documents — the same scope code the portal
 * runs. Refuses, naming the field, a contact that is not the company's and a
 * company whose extranet is switched off.
 */
export function audienceRoutes(db: Knex): Router {
  const r = new Router();
  r.post('/document-audience', async (ctx) => {
    const actor = requireStaff(ctx);
    const query = parseBody(DocumentAudienceQuerySchema, ctx.request.body);
    const company = await findCompany(db, query.companyId);
    await assertMayGrant(db, actor, [company.id]);
    if (!company.extranet_enabled) throw unprocessable('companyId', `the extranet is switched off for ${company.name}: no client would see the document`);
    if (query.contactId && !(await db('company_contacts').where({ company_id: company.id, contact_id: query.contactId }).first()))
      throw unprocessable('contactId', `the contact is not one of ${company.name}'s`);
    const state = await loadAccessState(db, (q) =>
      q.where('links.status', 'active').whereExists(db('link_companies').whereRaw('link_companies.link_id = links.id').where({ company_id: company.id })),
    );
    const audience = [...state.links.values()]
      .filter((l) => !query.contactId || l.contactId === query.contactId)
      .filter((l) => effectiveFor(state, l.id, company.id).permissions.includes('documents'))
      .map((l) => ({ userId: l.userId, linkId: l.id, contactId: l.contactId, name: state.contacts.get(l.contactId)?.name ?? '' }))
      .sort((a, b) => a.name.localeCompare(b.name));
    ctx.body = { audience } satisfies Plain<DocumentAudience>;
  });

  // The worker, when it fans a notification out and again when it sends it: who may see the object now.
  r.post('/notification-audience', async (ctx) => {
    requireSystem(ctx);
    const q = parseBody(NotificationAudienceQuerySchema, ctx.request.body);
    const state = await loadAccessState(db, (links) =>
      links
        .where('links.status', 'active')
        .whereExists(db('link_companies').whereRaw('link_companies.link_id = links.id').where({ company_id: q.companyId }))
        .modify((b) => (q.userIds.length ? b.whereIn('links.user_id', q.userIds) : b)),
    );
    const audience = [...state.links.values()]
      .filter((l) => !q.contactId || l.contactId === q.contactId)
      .filter((l) => {
        const policy = effectiveFor(state, l.id, q.companyId);
        // No permission named: any access to the company (an empty effective policy is none).
        const reaches = q.permission ? policy.permissions.includes(q.permission as Permission) : policy.permissions.length > 0;
        return reaches && (!q.pipelineId || policy.pipelineIds.includes(q.pipelineId));
      })
      .map((l) => ({ userId: l.userId, linkId: l.id, contactId: l.contactId, name: state.contacts.get(l.contactId)?.name ?? '' }));
    ctx.body = { audience } satisfies Plain<DocumentAudience>;
  });

  // The worker, before it tells an employee about a company: may they (with the role identity holds now) still govern it?
  r.post('/employee-governs', async (ctx) => {
    requireSystem(ctx);
    const q = parseBody(EmployeeGovernsQuerySchema, ctx.request.body);
    const role = oneOf(EMPLOYEE_ROLES, q.role);
    if (!role) throw badRequest('role', 'role must be an employee role');
    const found = await governableCompanies(db, { kind: 'employee', id: q.employeeId, role, name: '' } as Staff)(
      db('companies').where('companies.id', q.companyId),
    ).first();
    ctx.body = { governs: !!found } satisfies Plain<EmployeeGoverns>;
  });
  return r;
}
