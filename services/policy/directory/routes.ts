import Router from '@koa/router';
import type { Knex } from 'knex';
import { isUuid } from '../../../lib/http.js';
import { requireStaff } from '../../../internal/service-app.js';
import { badRequest } from '../../../lib/errors.js';
import { assertMayGrant, governableCompanies } from '../access/rights.js';
import type { Plain } from '../../../internal/messages.js';
import type { CompanyDetailValid, CompanyList, ContactList, GovernedCompanies } from '../../../proto/gen/extranet/v1/policy_pb.js';
import { companyView, contactView, findCompany } from './directory.js';

/** The CRM directory as the governance area sees it: companies with their access settings, contacts and who holds them. */
export function directoryRoutes(db: Knex): Router {
  const r = new Router();
  r.get('/companies', async (ctx) => {
    requireStaff(ctx);
    ctx.body = { companies: (await db('companies').orderBy('name')).map(companyView) } satisfies Plain<CompanyList>;
  });

  r.get('/governed-companies', async (ctx) => {
    const actor = requireStaff(ctx);
    if (actor.kind === 'system' || actor.role !== 'account_manager') {
      ctx.body = { all: true, companyIds: [] } satisfies Plain<GovernedCompanies>;
      return;
    }
    const rows = await governableCompanies(db, actor)(db('companies').select('companies.id').orderBy('companies.id'));
    ctx.body = { all: false, companyIds: rows.map((c: { id: string }) => c.id) } satisfies Plain<GovernedCompanies>;
  });

  r.get('/companies/:id', async (ctx) => {
    const actor = requireStaff(ctx);
    const company = await findCompany(db, ctx.params.id);
    await assertMayGrant(db, actor, [company.id]);
    const policy = await db('company_policies').where({ company_id: company.id }).first();
    const managers = (await db('company_managers').where({ company_id: company.id })).map((m) => m.employee_id);
    ctx.body = {
      ...companyView(company),
      grantAccess: company.grant_access,
      managerIds: managers,
      policy: policy ? { permissions: policy.permissions, pipelineIds: policy.pipeline_ids } : { permissions: [], pipelineIds: [] },
    } satisfies Plain<CompanyDetailValid>;
  });

  // May the caller govern this company? 204 when yes.
  r.post('/companies/:id/authorize', async (ctx) => {
    const actor = requireStaff(ctx);
    await assertMayGrant(db, actor, [(await findCompany(db, ctx.params.id)).id]);
    ctx.status = 204;
  });

  r.get('/contacts', async (ctx) => {
    requireStaff(ctx);
    const companyId = ctx.query.companyId;
    if (companyId !== undefined && !isUuid(companyId)) throw badRequest('companyId', 'companyId must be a uuid');
    const rows: Record<string, any>[] = await db('contacts')
      .modify((b) => (companyId ? b.whereIn('id', db('company_contacts').select('contact_id').where({ company_id: companyId })) : b))
      .orderBy(['last_name', 'first_name'])
      .limit(500);
    const ids = rows.map((c) => c.id);
    const [memberships, held] = await Promise.all([
      db('company_contacts').whereIn('contact_id', ids),
      db('links').whereIn('contact_id', ids).whereNot({ status: 'revoked' }),
    ]);
    // Who already holds each contact: the wizard shows it before anyone tries a second link.
    const heldBy = (contactId: string) => {
      const l = held.find((x) => x.contact_id === contactId);
      return l ? { linkId: l.id, userId: l.user_id, login: l.user_snapshot.login, status: l.status } : null;
    };
    ctx.body = {
      contacts: rows.map((c) => ({
        ...contactView(c),
        companyIds: memberships.filter((m) => m.contact_id === c.id).map((m) => m.company_id),
        heldBy: heldBy(c.id),
      })),
    } satisfies Plain<ContactList>;
  });
  return r;
}
