import Router from '@koa/router';
import type { Knex } from 'knex';
import { badRequest } from '../lib/errors.js';
import { isUuid } from '../lib/http.js';
import type { AuditTrailValid } from '../proto/gen/extranet/v1/common_pb.js';
import { isoTime, type Plain } from './messages.js';
import { requireStaff } from './service-app.js';

/** GET /audit?linkId=&companyId=&actorId= over the service's own log, newest first; ids carry the service name. */
export function auditRoute(db: Knex, service: string): Router {
  const r = new Router();
  r.get('/audit', async (ctx) => {
    requireStaff(ctx);
    const { linkId, companyId, actorId } = ctx.query;
    if (linkId !== undefined && !isUuid(linkId)) throw badRequest('linkId', 'linkId must be a uuid');
    if (companyId !== undefined && !isUuid(companyId)) throw badRequest('companyId', 'companyId must be a uuid');
    const rows = await db('audit_log')
      .modify((b) => {
        if (linkId) b.where({ link_id: linkId });
        if (companyId) b.where({ company_id: companyId });
        if (typeof actorId === 'string') b.where({ actor_id: actorId });
      })
      .orderBy('id', 'desc')
      .limit(200);
    ctx.body = {
      entries: rows.map((e: Record<string, any>) => ({
        id: `${service}-${e.id}`,
        at: isoTime(e.at),
        actor: { kind: e.actor_kind, id: e.actor_id },
        action: e.action,
        entityType: e.entity_type,
        entityId: e.entity_id,
        linkId: e.link_id,
        companyId: e.company_id,
        before: e.before,
        after: e.after,
      })),
    } satisfies Plain<AuditTrailValid>;
  });
  return r;
}
