import Router from '@koa/router';
import type { Context } from 'koa';
import type { Knex } from 'knex';
import { isUuid } from '../../../lib/http.js';
import { requireStaff } from '../../../internal/service-app.js';
import { notFound } from '../../../lib/errors.js';
import { parseBody } from '../../../lib/validate.js';
import { CompanyAccessRequestSchema, PolicyRequestSchema } from '../../../proto/gen/extranet/v1/governance_pb.js';
import type { ImpactDeps } from '../access/impact.js';
import { assertMayGrant } from '../access/rights.js';
import { findCompany } from '../directory/directory.js';
import { changeCompanyAccess, changeCompanyPolicy, changeContactPolicy, type ChangeContext } from './policies.js';
import type { Plain } from '../../../internal/messages.js';
import type { Policy } from '../../../proto/gen/extranet/v1/policy_pb.js';

/**
 * Company and contact policies and the extranet switch. Every change answers
 * its impact; with `?dryRun=true` (the gateway's `/preview` twins) it writes nothing.
 * The body is read after the rights check, so a refusal comes first.
 */
export function policyRoutes(db: Knex, deps: ImpactDeps): Router {
  const r = new Router();
  const change = (ctx: Context): ChangeContext => ({ db, ...deps, actor: requireStaff(ctx), dryRun: ctx.query.dryRun === 'true' });

  r.post('/companies/:id/policy', async (ctx) => {
    ctx.body = await changeCompanyPolicy(change(ctx), ctx.params.id, () => parseBody(PolicyRequestSchema, ctx.request.body));
  });

  r.post('/companies/:id/access', async (ctx) => {
    ctx.body = await changeCompanyAccess(change(ctx), ctx.params.id, () => parseBody(CompanyAccessRequestSchema, ctx.request.body));
  });

  r.get('/contacts/:contactId/policies/:companyId', async (ctx) => {
    const actor = requireStaff(ctx);
    const company = await findCompany(db, ctx.params.companyId);
    await assertMayGrant(db, actor, [company.id]);
    if (!isUuid(ctx.params.contactId)) throw notFound('contact');
    const row = await db('contact_policies').where({ contact_id: ctx.params.contactId, company_id: company.id }).first();
    ctx.body = (row ? { permissions: row.permissions, pipelineIds: row.pipeline_ids } : { permissions: [], pipelineIds: [] }) satisfies Plain<Policy>;
  });

  r.post('/contacts/:contactId/policies/:companyId', async (ctx) => {
    ctx.body = await changeContactPolicy(change(ctx), ctx.params.contactId, ctx.params.companyId, () => parseBody(PolicyRequestSchema, ctx.request.body));
  });
  return r;
}
