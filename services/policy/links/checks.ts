import Router from '@koa/router';
import type { Knex } from 'knex';
import { audit } from '../../../lib/audit.js';
import { badRequest } from '../../../lib/errors.js';
import { isUuid } from '../../../lib/http.js';
import type { Plain } from '../../../internal/messages.js';
import { requireStaff } from '../../../internal/service-app.js';
import type { LinkPageValid } from '../../../proto/gen/extranet/v1/policy_pb.js';
import { governableLinks } from '../access/rights.js';
import { findLink, linkDetails } from './details.js';

/**
 * The onboarding checklist's side in policy: the active links the caller may
 * govern whose access nobody re-checked yet, and the audited "re-checked".
 * (Identity knows which of their clients signed in; the gateway joins both.)
 */
export function accessCheckRoutes(db: Knex): Router {
  const r = new Router();
  /** The links the caller may govern, narrowed, newest first, in one page of at most `limit`. */
  async function governedPage(actor: ReturnType<typeof requireStaff>, limit: number, narrow: (q: Knex.QueryBuilder) => Knex.QueryBuilder) {
    const rows = await db('links').modify(governableLinks(db, actor)).modify(narrow).select('links.*').orderBy('links.created_at', 'desc').limit(limit);
    const links = await linkDetails(db, rows);
    return { links, total: links.length, page: 1, pageSize: links.length } satisfies Plain<LinkPageValid>;
  }
  r.get('/links/unchecked', async (ctx) => {
    ctx.body = await governedPage(requireStaff(ctx), 200, (q) =>
      q.where('links.status', 'active').whereNotExists(db('link_access_checks').whereRaw('link_access_checks.link_id = links.id')),
    );
  });

  // The channel links list: every link the caller may govern (of one company, when named), newest first.
  r.get('/links/governed', async (ctx) => {
    const actor = requireStaff(ctx);
    const companyId = ctx.query.companyId;
    if (companyId !== undefined && !isUuid(companyId)) throw badRequest('companyId', 'companyId must be a uuid');
    ctx.body = await governedPage(actor, 500, (q) =>
      companyId ? q.whereExists(db('link_companies').whereRaw('link_companies.link_id = links.id').where({ company_id: companyId })) : q,
    );
  });

  r.post('/links/:id/access-checked', async (ctx) => {
    const actor = requireStaff(ctx);
    const link = await findLink(db, ctx.params.id, actor);
    await db.transaction(async (tx) => {
      await tx('link_access_checks')
        .insert({ link_id: link.id, checked_by: actor.id })
        .onConflict('link_id')
        .merge({ checked_by: actor.id, checked_at: tx.fn.now() });
      await audit(tx, actor, { action: 'link.access_checked', entityType: 'link', entityId: link.id, linkId: link.id, after: { checked: true } });
    });
    ctx.status = 204;
  });
  return r;
}
