import type { Knex } from 'knex';

/** Appends one governance change to the audit log, inside the change's own transaction. */
export async function audit(
  tx: Knex,
  actor: { kind: string; id: string },
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
