import type { Knex } from 'knex';
import type Router from '@koa/router';
import { isUuid, requireStaff } from './http.js';
import { badRequest } from './errors.js';
import type { Actor } from './internal-token.js';

/** Appends one governance change to the audit log, inside the change's own transaction. */
export async function audit(
  tx: Knex,
  actor: Pick<Actor, 'kind' | 'id'>,
  entry: { action: string; entityType: string; entityId: string; linkId?: string; companyId?: string; before?: unknown; after?: unknown },
) {
  await tx('audit_log').insert({
    actor_kind: actor.kind,
    actor_id: actor.id,
    action: entry.action,
    entity_type: entry.entityType,
    entity_id: entry.entityId,
    link_id: entry.linkId ?? null,
    company_id: entry.companyId ?? null,
    before: entry.before === undefined ? null : JSON.stringify(entry.before),
    after: entry.after === undefined ? null : JSON.stringify(entry.after),
  });
}

/** Creates a service's audit_log table, append-only by a trigger: no role of the application may change or remove an entry. */
export async function createAuditLog(db: Knex): Promise<void> {
  await db.schema.createTable('audit_log', (t) => {
    t.bigIncrements('id');
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.text('actor_kind').notNullable();
    t.text('actor_id').notNullable();
    t.text('action').notNullable();
    t.text('entity_type').notNullable();
    t.text('entity_id').notNullable();
    t.uuid('link_id').index();
    t.uuid('company_id').index();
    t.jsonb('before');
    t.jsonb('after');
  });
  await db.raw(`
    create function audit_log_is_append_only() returns trigger language plpgsql as $$
    begin raise exception 'the audit log is append-only'; end $$;
    create trigger audit_log_append_only before update or delete on audit_log
      for each row execute function audit_log_is_append_only();`);
}

/** TRUNCATE skips row triggers: a statement trigger refuses it too. */
export async function forbidAuditTruncate(db: Knex): Promise<void> {
  await db.raw(`create trigger audit_log_no_truncate before truncate on audit_log
      for each statement execute function audit_log_is_append_only();`);
}

/** GET /audit?linkId=&companyId=&actorId= over the service's own log, newest first; ids carry the service name. */
export function auditRoute(r: Router, db: Knex, service: string): void {
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
        at: e.at,
        actor: { kind: e.actor_kind, id: e.actor_id },
        action: e.action,
        entityType: e.entity_type,
        entityId: e.entity_id,
        linkId: e.link_id,
        companyId: e.company_id,
        before: e.before,
        after: e.after,
      })),
    };
  });
}
