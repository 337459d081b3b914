import type { Knex } from 'knex';
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

