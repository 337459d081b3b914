import Router from '@koa/router';
import type { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { badRequest, notFound } from '../../../lib/errors.js';
import { isUuid } from '../../../lib/http.js';
import { isoTime, isoTimeOrNull, type Plain } from '../../../internal/messages.js';
import { requireSystem } from '../../../internal/service-app.js';
import { parseBody } from '../../../lib/validate.js';
import { CLIENT_NOTIFICATION_KINDS, EMPLOYEE_NOTIFICATION_KINDS } from '../../../domain/vocabulary.js';
import {
  type NotificationList,
  type NotificationSettings,
  NotificationSettingsSchema,
  RecordBatchRequestSchema,
  type RecordedBatch,
} from '../../../proto/gen/extranet/v1/notifications_pb.js';

type Audience = 'client' | 'employee';
const KINDS: Record<Audience, readonly string[]> = { client: CLIENT_NOTIFICATION_KINDS, employee: EMPLOYEE_NOTIFICATION_KINDS };

/** The recipient a gateway or the worker names (from a session it checked, or a workflow's input). */
function recipientOf(query: Record<string, unknown>): { recipientId: string; audience: Audience } {
  if (!isUuid(query.recipientId)) throw badRequest('recipientId', 'recipientId must be a uuid');
  if (query.audience !== 'client' && query.audience !== 'employee') throw badRequest('audience', 'audience must be client or employee');
  return { recipientId: query.recipientId as string, audience: query.audience };
}

/** Where a recipient's email goes, and their name: a portal user or an employee. */
async function addressOf(db: Knex, recipientId: string, audience: Audience) {
  if (audience === 'client') {
    const u = await db('users').where({ id: recipientId }).first();
    return u && { email: u.email as string, name: `${u.first_name} ${u.last_name}`, active: true };
  }
  const e = await db('employees').where({ id: recipientId }).first();
  return e && { email: e.email as string, name: e.name as string, active: !e.disabled };
}

async function settingsOf(db: Knex, recipientId: string, audience: Audience): Promise<Plain<NotificationSettings>> {
  const rows = new Map((await db('notification_settings').where({ recipient_id: recipientId })).map((r) => [r.kind as string, r]));
  return {
    settings: KINDS[audience].map((kind) => ({
      kind,
      email: rows.get(kind)?.email ?? true,
      telegram: audience === 'client' && (rows.get(kind)?.telegram ?? true),
    })),
  };
}

/**
 * Notifications as identity keeps them: each recipient's feed (once per event),
 * their choice of what comes by email, and which batches' emails went. Only
 * the gateway (for the signed-in recipient) and the worker call these.
 */
export function notificationRoutes(db: Knex): Router {
  const r = new Router();

  // The worker's batch: recorded once per recipient and event; answers what to email and where.
  r.post('/notifications/batches', async (ctx) => {
    requireSystem(ctx);
    const input = parseBody(RecordBatchRequestSchema, ctx.request.body);
    const audience = input.audience as Audience;
    const to = await addressOf(db, input.recipientId, audience);
    if (!to) throw notFound('recipient');
    if (input.items.length)
      await db('notifications')
        .insert(
          input.items.map((i) => ({
            id: randomUUID(),
            recipient_id: input.recipientId,
            audience,
            event_id: i.eventId,
            batch_id: input.batchId,
            kind: i.kind,
            title: i.title,
            body: i.body,
            url: i.url,
          })),
        )
        .onConflict(['recipient_id', 'event_id'])
        .ignore();
    const { settings } = await settingsOf(db, input.recipientId, audience);
    const wanted = (channel: 'email' | 'telegram') => {
      const kinds = new Set(settings.filter((s) => s[channel]).map((s) => s.kind));
      return to.active ? input.items.filter((i) => kinds.has(i.kind)).map((i) => i.eventId) : [];
    };
    const sent = new Set((await db('notification_batches').where({ id: input.batchId })).map((b) => b.channel as string));
    // Only active connections: a revoked one stops delivery on the next batch.
    const chats =
      audience === 'client' ? await db('channel_links').where({ user_id: input.recipientId, kind: 'telegram', status: 'active' }).pluck('external_ref') : [];
    ctx.body = {
      emailEventIds: wanted('email'),
      emailed: sent.has('email'),
      email: to.email,
      name: to.name,
      telegramEventIds: chats.length ? wanted('telegram') : [],
      telegramChatIds: chats,
      telegramSent: sent.has('telegram'),
    } satisfies Plain<RecordedBatch>;
  });

  r.post('/notifications/batches/:id/sent', async (ctx) => {
    requireSystem(ctx);
    if (!isUuid(ctx.params.id)) throw notFound('batch');
    const body = ctx.request.body as { recipientId?: unknown; channel?: unknown };
    if (!isUuid(body.recipientId)) throw badRequest('recipientId', 'recipientId must be a uuid');
    const recipientId = body.recipientId as string;
    if (body.channel !== 'email' && body.channel !== 'telegram') throw badRequest('channel', 'channel must be email or telegram');
    await db('notification_batches').insert({ id: ctx.params.id, channel: body.channel, recipient_id: recipientId }).onConflict(['id', 'channel']).ignore();
    ctx.body = { recorded: true };
  });

  r.get('/notifications', async (ctx) => {
    requireSystem(ctx);
    const { recipientId } = recipientOf(ctx.query);
    const [rows, unread] = await Promise.all([
      db('notifications').where({ recipient_id: recipientId }).orderBy('created_at', 'desc').orderBy('id').limit(50),
      db('notifications').where({ recipient_id: recipientId }).whereNull('read_at').count({ n: '*' }).first(),
    ]);
    ctx.body = {
      notifications: rows.map((n) => ({
        id: n.id,
        kind: n.kind,
        title: n.title,
        body: n.body,
        url: n.url,
        createdAt: isoTime(n.created_at),
        readAt: isoTimeOrNull(n.read_at) ?? undefined,
      })),
      unread: Number(unread?.n ?? 0),
    } satisfies Plain<NotificationList>;
  });

  // Marks the recipient's own notifications read: the ones named, or all.
  r.post('/notifications/read', async (ctx) => {
    requireSystem(ctx);
    const { recipientId } = recipientOf(ctx.query);
    const ids = (ctx.request.body as { ids?: unknown }).ids;
    if (ids !== undefined && !(Array.isArray(ids) && ids.length <= 100 && ids.every(isUuid))) throw badRequest('ids', 'ids must be a list of notification ids');
    const marked = await db('notifications')
      .where({ recipient_id: recipientId })
      .whereNull('read_at')
      .modify((q) => (ids ? q.whereIn('id', ids as string[]) : q))
      .update({ read_at: db.fn.now() });
    ctx.body = { marked };
  });

  r.get('/notification-settings', async (ctx) => {
    requireSystem(ctx);
    const { recipientId, audience } = recipientOf(ctx.query);
    ctx.body = await settingsOf(db, recipientId, audience);
  });

  r.post('/notification-settings', async (ctx) => {
    requireSystem(ctx);
    const { recipientId, audience } = recipientOf(ctx.query);
    const { settings } = parseBody(NotificationSettingsSchema, ctx.request.body);
    const foreign = settings.find((s) => !KINDS[audience].includes(s.kind));
    if (foreign) throw badRequest('settings', `${foreign.kind} is not a notification you receive`);
    if (settings.length)
      await db('notification_settings')
        .insert(settings.map((s) => ({ recipient_id: recipientId, kind: s.kind, email: s.email, telegram: audience === 'client' && s.telegram })))
        .onConflict(['recipient_id', 'kind'])
        .merge();
    ctx.body = await settingsOf(db, recipientId, audience);
  });
  return r;
}
