import Router from '@koa/router';
import type { Knex } from 'knex';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import {
  ChannelLinkSearchSchema,
  TelegramBindRequestSchema,
  type WidgetKey,
  WidgetKeyCheckSchema,
  type WidgetKeyOwner,
  WidgetKeyRequestSchema,
} from '../../../proto/gen/extranet/v1/notifications_pb.js';

/** How long a Telegram code may wait for the client to send it to the bot. */
const TELEGRAM_CODE_SECONDS = 15 * 60;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
import { isUuid } from '../../../lib/http.js';
import { requireStaff, requireSystem } from '../../../internal/service-app.js';
import { badRequest, notFound } from '../../../lib/errors.js';
import { audit } from '../../../lib/audit.js';
import type { Actor } from '../../../internal/actor.js';
import { parseBody } from '../../../lib/validate.js';
import { ChannelLinkRequestSchema } from '../../../proto/gen/extranet/v1/portal_pb.js';
import { currentSession } from '../sessions/sessions.js';
import { isoTime, isoTimeOrNull, type Plain } from '../../../internal/messages.js';
import type { ChannelLink, ChannelLinkList, RevokedChannelLinks } from '../../../proto/gen/extranet/v1/identity_pb.js';

export const channelLinkView = (c: Record<string, any>): Plain<ChannelLink> => ({
  id: c.id as string,
  linkId: c.link_id as string,
  userId: c.user_id as string,
  kind: c.kind as string,
  externalRef: c.external_ref as string,
  status: c.status as string,
  createdAt: isoTime(c.created_at),
  revokedAt: isoTimeOrNull(c.revoked_at),
});

/** Revokes the active channel links chosen by `where`, each on the record. */
export async function revokeChannelLinks(db: Knex, actor: Pick<Actor, 'kind' | 'id'>, where: { id: string } | { link_id: string }, reason: string) {
  return db.transaction(async (tx) => {
    const rows = await tx('channel_links')
      .where(where)
      .whereIn('status', ['active', 'pending'])
      .update({ status: 'revoked', revoked_at: tx.fn.now() })
      .returning('*');
    for (const c of rows)
      await audit(tx, actor, {
        action: 'channel_link.revoked',
        entityType: 'channel_link',
        entityId: c.id,
        linkId: c.link_id,
        before: { status: 'active' },
        after: { status: 'revoked', reason },
      });
    return rows.map(channelLinkView);
  });
}

async function findChannelLink(db: Knex, id: unknown) {
  const row = isUuid(id) ? await db('channel_links').where({ id }).first() : undefined;
  if (!row) throw notFound('channel link');
  return row;
}

/** Channel links (Telegram, widget): made by the client where the policy allows it (the gateway checks), listed and revoked by employees. */
export function channelLinkRoutes(db: Knex): Router {
  const r = new Router();
  r.post('/channel-links', async (ctx) => {
    requireSystem(ctx);
    const session = await currentSession(db, ctx.get('x-session-token'));
    const linkId = ctx.get('x-link-id');
    if (!isUuid(linkId)) throw badRequest('linkId', 'the caller has no link');
    const input = parseBody(ChannelLinkRequestSchema, ctx.request.body);
    const id = randomUUID();
    await db.transaction(async (tx) => {
      await tx('channel_links').insert({ id, user_id: session.user_id, link_id: linkId, kind: input.kind, external_ref: input.externalRef, status: 'active' });
      await audit(
        tx,
        { kind: 'system', id: `client:${session.user_id}` },
        { action: 'channel_link.created', entityType: 'channel_link', entityId: id, linkId, after: { kind: input.kind, externalRef: input.externalRef } },
      );
    });
    ctx.status = 201;
    ctx.body = channelLinkView(await findChannelLink(db, id));
  });

  // A Telegram connection begins pending, with a one-time code the client sends the bot; a new code replaces an unused one.
  r.post('/channel-links/telegram-code', async (ctx) => {
    requireSystem(ctx);
    const session = await currentSession(db, ctx.get('x-session-token'));
    const linkId = ctx.get('x-link-id');
    if (!isUuid(linkId)) throw badRequest('linkId', 'the caller has no link');
    const code = randomBytes(9).toString('base64url');
    const id = randomUUID();
    const expiresAt = new Date(Date.now() + TELEGRAM_CODE_SECONDS * 1000);
    await db.transaction(async (tx) => {
      await tx('channel_links')
        .where({ user_id: session.user_id, kind: 'telegram', status: 'pending' })
        .update({ status: 'revoked', revoked_at: tx.fn.now(), code_hash: null });
      await tx('channel_links').insert({
        id,
        user_id: session.user_id,
        link_id: linkId,
        kind: 'telegram',
        external_ref: '',
        status: 'pending',
        code_hash: sha256(code),
        code_expires_at: expiresAt,
      });
      await audit(
        tx,
        { kind: 'system', id: `client:${session.user_id}` },
        { action: 'channel_link.code_issued', entityType: 'channel_link', entityId: id, linkId },
      );
    });
    ctx.status = 201;
    ctx.body = { code, expiresAt: expiresAt.toISOString() };
  });

  // A website widget's key for the client's own sites; the key is answered once, identity keeps its SHA-256.
  r.post('/channel-links/widget', async (ctx) => {
    requireSystem(ctx);
    const session = await currentSession(db, ctx.get('x-session-token'));
    const linkId = ctx.get('x-link-id');
    if (!isUuid(linkId)) throw badRequest('linkId', 'the caller has no link');
    const { origins } = parseBody(WidgetKeyRequestSchema, ctx.request.body);
    const clean = [...new Set(origins.map((o) => new URL(o).origin))];
    const key = randomBytes(24).toString('base64url');
    const id = randomUUID();
    await db.transaction(async (tx) => {
      await tx('channel_links').insert({
        id,
        user_id: session.user_id,
        link_id: linkId,
        kind: 'widget',
        external_ref: clean.join(' '),
        status: 'active',
        code_hash: sha256(key),
      });
      await audit(
        tx,
        { kind: 'system', id: `client:${session.user_id}` },
        { action: 'channel_link.created', entityType: 'channel_link', entityId: id, linkId, after: { kind: 'widget', externalRef: clean.join(' ') } },
      );
    });
    ctx.status = 201;
    ctx.body = { channelLinkId: id, key, origins: clean } satisfies Plain<WidgetKey>;
  });

  // The gateway, for each widget post: the active widget whose key this is, if the post comes from one of its sites.
  r.post('/channel-links/widget/check', async (ctx) => {
    requireSystem(ctx);
    const { key, origin } = parseBody(WidgetKeyCheckSchema, ctx.request.body);
    const row = await db('channel_links')
      .where({ code_hash: sha256(key), kind: 'widget', status: 'active' })
      .first();
    if (!row || !String(row.external_ref).split(' ').includes(origin)) throw notFound('widget key');
    ctx.body = { channelLinkId: row.id, linkId: row.link_id, userId: row.user_id } satisfies Plain<WidgetKeyOwner>;
  });

  // The bot's webhook received /start <code> from a chat (the gateway checked Telegram's secret header).
  r.post('/channel-links/telegram-bind', async (ctx) => {
    requireSystem(ctx);
    const { code, chatId } = parseBody(TelegramBindRequestSchema, ctx.request.body);
    const row = await db.transaction(async (tx) => {
      const [bound] = await tx('channel_links')
        .where({ code_hash: sha256(code), kind: 'telegram', status: 'pending' })
        .where('code_expires_at', '>', tx.fn.now())
        .update({ status: 'active', external_ref: chatId, code_hash: null, code_expires_at: null })
        .returning('*');
      if (!bound) return undefined;
      await audit(
        tx,
        { kind: 'system', id: 'telegram' },
        {
          action: 'channel_link.created',
          entityType: 'channel_link',
          entityId: bound.id,
          linkId: bound.link_id,
          after: { kind: 'telegram', externalRef: chatId },
        },
      );
      return bound;
    });
    if (!row) throw notFound('telegram code');
    ctx.body = channelLinkView(row);
  });

  // Governance's list across clients: the channel links of the links the gateway names (those the employee governs).
  r.post('/channel-links/search', async (ctx) => {
    requireStaff(ctx);
    const { linkIds, kind, status } = parseBody(ChannelLinkSearchSchema, ctx.request.body);
    const rows = linkIds.length
      ? await db('channel_links')
          .whereIn('link_id', linkIds)
          .modify((q) => (kind ? q.where({ kind }) : q))
          .modify((q) => (status ? q.where({ status }) : q))
          .orderBy('created_at', 'desc')
          .limit(1000)
      : [];
    ctx.body = { channelLinks: rows.map(channelLinkView) } satisfies Plain<ChannelLinkList>;
  });

  r.get('/channel-links', async (ctx) => {
    requireStaff(ctx);
    if (!isUuid(ctx.query.linkId)) throw badRequest('linkId', 'linkId must be a uuid');
    const rows = await db('channel_links').where({ link_id: ctx.query.linkId }).orderBy('created_at', 'desc').limit(100);
    ctx.body = { channelLinks: rows.map(channelLinkView) } satisfies Plain<ChannelLinkList>;
  });

  r.get('/channel-links/:id', async (ctx) => {
    requireStaff(ctx);
    ctx.body = channelLinkView(await findChannelLink(db, ctx.params.id));
  });

  r.post('/channel-links/:id/revoke', async (ctx) => {
    const actor = requireStaff(ctx);
    const existing = await findChannelLink(db, ctx.params.id);
    const [row] = await revokeChannelLinks(db, actor, { id: existing.id }, 'revoked by employee');
    ctx.body = row ?? channelLinkView(existing);
  });

  r.post('/links/:linkId/channel-links/revoke-all', async (ctx) => {
    const actor = requireStaff(ctx);
    if (!isUuid(ctx.params.linkId)) throw notFound('link');
    ctx.body = { revoked: await revokeChannelLinks(db, actor, { link_id: ctx.params.linkId }, 'link ended') } satisfies Plain<RevokedChannelLinks>;
  });
  return r;
}
