import Router from '@koa/router';
import type { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import type { NotificationKind } from '../domain/vocabulary.js';
import { parseBody } from '../lib/validate.js';
import { type HandedCount, HandedEventsSchema, type OutboxEvents } from '../proto/gen/extranet/v1/notifications_pb.js';
import { isoTime, type Plain } from './messages.js';
import type { Migration } from '../lib/db.js';
import { requireSystem } from './service-app.js';

/** What a change tells of, for the notifications (an event carries ids only: the worker composes what each recipient reads). */
export interface OutboxEvent {
  kind: NotificationKind;
  companyId: string;
  requestId?: string;
  documentId?: string;
  /** Who caused it: never notified of their own act. */
  actorId: string;
}

/**
 * The transactional outbox of a service whose changes notify people: an event
 * is written in the same transaction as the change it tells of, so a change
 * never commits without its event nor an event without its change. The
 * worker's relay (workflows/notify/relay.ts) hands each event to its
 * `fanout-<eventId>` and then marks it handed (kept a day, for whoever looks
 * into a notification); a Temporal that cannot be reached delays
 * notifications, it loses none.
 */
export function outboxMigration(name: string): Migration {
  return {
    name,
    async up(db) {
      await db.schema.createTable('outbox', (t) => {
        t.uuid('id').primary();
        t.text('kind').notNullable();
        t.uuid('company_id');
        t.uuid('request_id');
        t.uuid('document_id');
        t.text('actor_id').notNullable();
        t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
        // Set when the event's fan-out started; the event is kept a day after, then removed.
        t.timestamp('handed_at', { useTz: true });
      });
      await db.raw('create index outbox_waiting on outbox (created_at) where handed_at is null');
    },
  };
}

/** Records an event in the caller's transaction. */
export async function recordEvent(tx: Knex, e: OutboxEvent): Promise<void> {
  await tx('outbox').insert({
    id: randomUUID(),
    kind: e.kind,
    company_id: e.companyId || null,
    request_id: e.requestId ?? null,
    document_id: e.documentId ?? null,
    actor_id: e.actorId,
  });
}

const MAX_BATCH = 500;

/** The relay's side: the oldest events not handed yet, and marking them once their fan-out started. */
export function outboxRoutes(db: Knex): Router {
  const r = new Router();
  r.get('/internal/outbox', async (ctx) => {
    requireSystem(ctx);
    const limit = Math.min(MAX_BATCH, Math.max(1, Number.parseInt(String(ctx.query.limit ?? '100'), 10) || 100));
    const rows = await db('outbox').whereNull('handed_at').orderBy('created_at').orderBy('id').limit(limit);
    ctx.body = {
      events: rows.map((row) => ({
        id: row.id,
        kind: row.kind,
        companyId: row.company_id ?? '',
        requestId: row.request_id ?? '',
        documentId: row.document_id ?? '',
        actorId: row.actor_id,
        occurredAt: isoTime(row.created_at),
      })),
    } satisfies Plain<OutboxEvents>;
  });
  r.post('/internal/outbox/handed', async (ctx) => {
    requireSystem(ctx);
    const { ids } = parseBody(HandedEventsSchema, ctx.request.body);
    const handed = await db('outbox').whereIn('id', ids).whereNull('handed_at').update({ handed_at: db.fn.now() });
    await db('outbox').where('handed_at', '<', db.raw(`now() - interval '1 day'`)).delete();
    ctx.body = { handed } satisfies Plain<HandedCount>;
  });
  return r;
}
