import Router from '@koa/router';
import type { Knex } from 'knex';
import { isUuid } from '../../../lib/http.js';
import { requireSystem } from '../../../internal/service-app.js';
import { conflict, notFound, unprocessable } from '../../../lib/errors.js';
import { audit } from '../../../lib/audit.js';
import { STARTER_PERMISSIONS, type Permission } from '../../../domain/vocabulary.js';
import type { Policy } from '../access/effective.js';
import { linkDetail } from './details.js';
import { parseBody } from '../../../lib/validate.js';
import { CreateLinkRequestSchema } from '../../../proto/gen/extranet/v1/policy_pb.js';

const policyOf = (row: { permissions: string[]; pipeline_ids: string[] } | undefined): Policy | undefined =>
  row ? { permissions: row.permissions as Permission[], pipelineIds: row.pipeline_ids } : undefined;

/** The onboarding workflow's steps: the link from a confirmed review, then the starter policy. Both idempotent. */
export function onboardingRoutes(db: Knex): Router {
  const r = new Router();
  // Onboarding step: the link from a confirmed review. Idempotent: the review id is the link id.
  r.post('/links', async (ctx) => {
    const actor = requireSystem(ctx);
    const { reviewId, employeeId } = parseBody(CreateLinkRequestSchema, ctx.request.body);
    const link = await db.transaction(async (tx) => {
      const existing = await tx('links').where({ id: reviewId }).first();
      if (existing) return existing;
      const rev = await tx('link_reviews').where({ id: reviewId }).first();
      if (!rev) throw unprocessable('reviewId', 'reviewId names no review');
      if (!rev.confirmed_at) throw unprocessable('reviewId', 'the review was not confirmed by an employee');
      const row = {
        id: rev.id,
        user_id: rev.user_id,
        contact_id: rev.contact_id,
        status: 'active',
        default_company_id: rev.default_company_id,
        user_snapshot: JSON.stringify(rev.user_snapshot),
        created_by: employeeId || rev.created_by,
      };
      try {
        await tx('links').insert(row);
      } catch (err) {
        if ((err as { code?: string }).code === '23505')
          throw conflict('link_exists', 'the user or the contact already has a live link; one portal user belongs to one person', { field: 'contactId' });
        throw err;
      }
      await tx('link_companies').insert(rev.company_ids.map((company_id: string) => ({ link_id: rev.id, company_id })));
      await audit(tx, actor, {
        action: 'link.created',
        entityType: 'link',
        entityId: rev.id,
        linkId: rev.id,
        companyId: rev.default_company_id,
        after: { ...row, companyIds: rev.company_ids },
      });
      return tx('links').where({ id: rev.id }).first();
    });
    ctx.status = 201;
    ctx.body = await linkDetail(db, link);
  });

  // Onboarding step: the starter contact policy per company, within the company's perimeter; never overwrites.
  r.post('/links/:id/starter-policy', async (ctx) => {
    const actor = requireSystem(ctx);
    if (!isUuid(ctx.params.id)) throw notFound('link');
    const link = await db('links').where({ id: ctx.params.id }).first();
    if (!link) throw notFound('link');
    await db.transaction(async (tx) => {
      const companyIds = (await tx('link_companies').where({ link_id: link.id })).map((x) => x.company_id);
      for (const companyId of companyIds) {
        const company = policyOf(await tx('company_policies').where({ company_id: companyId }).first());
        const starter = {
          permissions: STARTER_PERMISSIONS.filter((p) => company?.permissions.includes(p)),
          pipelineIds: company?.pipelineIds.slice(0, 1) ?? [],
        };
        const inserted = await tx('contact_policies')
          .insert({ contact_id: link.contact_id, company_id: companyId, permissions: starter.permissions, pipeline_ids: starter.pipelineIds })
          .onConflict(['contact_id', 'company_id'])
          .ignore()
          .returning('company_id');
        if (inserted.length)
          await audit(tx, actor, {
            action: 'contact_policy.starter_applied',
            entityType: 'contact_policy',
            entityId: `${link.contact_id}:${companyId}`,
            linkId: link.id,
            companyId,
            after: starter,
          });
      }
    });
    ctx.body = await linkDetail(db, await db('links').where({ id: link.id }).first());
  });
  return r;
}
