import Router from '@koa/router';
import type { Context } from 'koa';
import type { Knex } from 'knex';
import { requireStaff } from '../../../internal/service-app.js';
import { badRequest } from '../../../lib/errors.js';
import { LINK_STATUSES, oneOf } from '../../../domain/vocabulary.js';
import { parseBody } from '../../../lib/validate.js';
import { LinkCompaniesRequestSchema, LinkStatusRequestSchema } from '../../../proto/gen/extranet/v1/governance_pb.js';
import type { ImpactDeps } from '../access/impact.js';
import { governableLinks } from '../access/rights.js';
import type { ChangeContext } from '../policies/policies.js';
import { findLink, linkDetail, linkDetails } from './details.js';
import { changeLinkCompanies, changeLinkStatus } from './lifecycle.js';
import type { Plain } from '../../../internal/messages.js';
import type { LinkPageValid } from '../../../proto/gen/extranet/v1/policy_pb.js';

/** Client links: the list, one link's details, its status and companies (with `?dryRun=true` previews), the rights check. */
export function linkRoutes(db: Knex, deps: ImpactDeps): Router {
  const r = new Router();
  const change = (ctx: Context): ChangeContext => ({ db, ...deps, actor: requireStaff(ctx), dryRun: ctx.query.dryRun === 'true' });

  // Client links: search (user, login, email, contact, company), status filter, pages, sorting.
  r.get('/links', async (ctx) => {
    const actor = requireStaff(ctx);
    const { status, q, sort = 'createdAt', order = 'desc' } = ctx.query;
    if (status !== undefined && !oneOf(LINK_STATUSES, status)) throw badRequest('status', `status must be one of ${LINK_STATUSES.join(', ')}`);
    if (q !== undefined && (typeof q !== 'string' || q.length > 100)) throw badRequest('q', 'q must be a text of at most 100 characters');
    const sortColumns: Record<string, string> = {
      createdAt: 'links.created_at',
      login: "links.user_snapshot->>'login'",
      contact: 'contacts.last_name',
      status: 'links.status',
    };
    if (!(String(sort) in sortColumns)) throw badRequest('sort', `sort must be one of ${Object.keys(sortColumns).join(', ')}`);
    if (order !== 'asc' && order !== 'desc') throw badRequest('order', 'order must be asc or desc');
    const page = Number(ctx.query.page ?? 1);
    const pageSize = Number(ctx.query.pageSize ?? 20);
    if (!Number.isInteger(page) || page < 1 || page > 10000) throw badRequest('page', 'page must be a whole number from 1');
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) throw badRequest('pageSize', 'pageSize must be between 1 and 100');
    const filtered = db('links')
      .join('contacts', 'contacts.id', 'links.contact_id')
      .modify(governableLinks(db, actor))
      .modify((b) => {
        if (status) b.where('links.status', status);
        if (q) {
          const like = `%${String(q).replace(/[\\%_]/g, (c) => '\\' + c)}%`;
          b.where((w) =>
            w
              .whereRaw(`links.user_snapshot->>'login' ilike ?`, [like])
              .orWhereRaw(`links.user_snapshot->>'email' ilike ?`, [like])
              .orWhereRaw(`links.user_snapshot->>'firstName' || ' ' || (links.user_snapshot->>'lastName') ilike ?`, [like])
              .orWhereRaw(`contacts.first_name || ' ' || contacts.last_name ilike ?`, [like])
              .orWhereExists(
                db('link_companies')
                  .join('companies', 'companies.id', 'link_companies.company_id')
                  .whereRaw('link_companies.link_id = links.id')
                  .whereILike('companies.name', like),
              ),
          );
        }
      });
    const [{ total }] = await filtered.clone().count({ total: '*' });
    const rows = await filtered
      .select('links.*')
      .orderByRaw(`${sortColumns[String(sort)]} ${order}, links.id`)
      .offset((page - 1) * pageSize)
      .limit(pageSize);
    ctx.body = { links: await linkDetails(db, rows), total: Number(total), page, pageSize } satisfies Plain<LinkPageValid>;
  });

  r.get('/links/:id', async (ctx) => {
    ctx.body = await linkDetail(db, await findLink(db, ctx.params.id, requireStaff(ctx)));
  });

  r.post('/links/:id/status', async (ctx) => {
    const c = change(ctx);
    const link = await findLink(db, ctx.params.id, c.actor);
    ctx.body = await changeLinkStatus(c, link, parseBody(LinkStatusRequestSchema, ctx.request.body));
  });

  r.post('/links/:id/companies', async (ctx) => {
    const c = change(ctx);
    const link = await findLink(db, ctx.params.id, c.actor);
    ctx.body = await changeLinkCompanies(c, link, parseBody(LinkCompaniesRequestSchema, ctx.request.body));
  });

  // May the caller change this link's access (invitations, sessions)? 204 when yes.
  r.post('/links/:id/authorize', async (ctx) => {
    await findLink(db, ctx.params.id, requireStaff(ctx));
    ctx.status = 204;
  });
  return r;
}
