import type Router from '@koa/router';
import type { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { isUuid, requireStaff, requireSystem } from '../../lib/http.js';
import { badRequest, forbidden, notFound } from '../../lib/errors.js';
import { audit, auditRoute } from '../../lib/audit.js';
import { parseBody } from '../../proto/validate.js';
import { SecuritySettingsRequestSchema } from '../../proto/gen/extranet/v1/governance_pb.js';
import { ChannelLinkRequestSchema } from '../../proto/gen/extranet/v1/portal_pb.js';
import { channelLinkRules, securitySettingsRules } from '../../proto/rules.js';
import type { SettingsRow } from './app.js';

interface Deps {
  /** The live session of a session token, or a 401. */
  currentSession(token: string | undefined): Promise<{ id: string; user_id: string }>;
  settings(db: Knex): Promise<SettingsRow>;
  settingsView(s: SettingsRow): Record<string, unknown>;
  invitationView(row: Record<string, unknown>): Record<string, unknown>;
}

const sessionView = (s: Record<string, any>) => ({
  id: s.id,
  createdAt: s.created_at,
  expiresAt: s.expires_at,
  refreshExpiresAt: s.refresh_expires_at,
  endedAt: s.ended_at,
  endReason: s.end_reason,
});
const channelView = (c: Record<string, any>) => ({
  id: c.id,
  linkId: c.link_id,
  userId: c.user_id,
  kind: c.kind,
  externalRef: c.external_ref,
  status: c.status,
  createdAt: c.created_at,
  revokedAt: c.revoked_at,
});

/** Governance routes of identity: the Security block, sessions, channel links, the identity audit log. */
export function governanceRoutes(r: Router, db: Knex, deps: Deps) {
  r.post('/security-settings', async (ctx) => {
    const actor = requireStaff(ctx);
    if (actor.kind === 'employee' && actor.role !== 'administrator') throw forbidden('only portal administrators change the security settings');
    const b = parseBody(SecuritySettingsRequestSchema, ctx.request.body, securitySettingsRules);
    const row = {
      password_min_length: b.passwordMinLength,
      password_require_lowercase: b.passwordRequireLowercase,
      password_require_uppercase: b.passwordRequireUppercase,
      password_require_digit: b.passwordRequireDigit,
      password_require_special: b.passwordRequireSpecial,
      max_failed_attempts: b.maxFailedAttempts,
      lockout_seconds: b.lockoutSeconds,
      access_lifetime_seconds: b.accessLifetimeSeconds,
      refresh_lifetime_seconds: b.refreshLifetimeSeconds,
      invitation_lifetime_seconds: b.invitationLifetimeSeconds,
    };
    await db.transaction(async (tx) => {
      const before = await tx('security_settings').where({ id: 1 }).forUpdate().first();
      await tx('security_settings').where({ id: 1 }).update(row);
      const { id: _id, ...old } = before;
      await audit(tx, actor, { action: 'security_settings.changed', entityType: 'security_settings', entityId: 'security', before: old, after: row });
    });
    ctx.body = deps.settingsView(await deps.settings(db));
  });

  r.get('/employees', async (ctx) => {
    requireStaff(ctx);
    ctx.body = { employees: (await db('employees').orderBy('name').limit(500)).map((e) => ({ id: e.id, name: e.name, email: e.email, role: e.role })) };
  });

  r.get('/sessions', async (ctx) => {
    requireStaff(ctx);
    if (!isUuid(ctx.query.userId)) throw badRequest('userId', 'userId must be a uuid');
    const rows = await db('sessions').where({ user_id: ctx.query.userId }).orderBy('created_at', 'desc').limit(50);
    ctx.body = { sessions: rows.map(sessionView) };
  });

  // An employee ends every session of a client (also used when a link is disabled or revoked).
  r.post('/users/:id/sessions/end', async (ctx) => {
    const actor = requireStaff(ctx);
    if (!isUuid(ctx.params.id)) throw notFound('user');
    const reason = String((ctx.request.body as Record<string, unknown>)?.reason ?? 'ended_by_employee').slice(0, 50);
    const ended = await db.transaction(async (tx) => {
      const n = await tx('sessions').where({ user_id: ctx.params.id }).whereNull('ended_at').update({ ended_at: tx.fn.now(), end_reason: reason });
      if (n) await audit(tx, actor, { action: 'sessions.ended', entityType: 'user', entityId: ctx.params.id!, after: { sessions: n, reason } });
      return n;
    });
    ctx.body = { ended };
  });

  // Ending a collaboration: every pending invitation of the link is revoked.
  r.post('/links/:linkId/invitations/revoke-pending', async (ctx) => {
    const actor = requireStaff(ctx);
    if (!isUuid(ctx.params.linkId)) throw notFound('link');
    const rows = await db.transaction(async (tx) => {
      const revoked = await tx('invitations')
        .where({ link_id: ctx.params.linkId, status: 'pending' })
        .update({ status: 'revoked', ended_at: tx.fn.now() })
        .returning('*');
      for (const inv of revoked)
        await audit(tx, actor, {
          action: 'invitation.revoked',
          entityType: 'invitation',
          entityId: inv.id,
          linkId: inv.link_id,
          before: { status: 'pending' },
          after: { status: 'revoked', reason: 'link ended' },
        });
      return revoked;
    });
    ctx.body = { revoked: rows.map(deps.invitationView) };
  });

  // Channel links: made by the client where the policy allows it (the gateway checks), listed and revoked by employees.
  r.post('/channel-links', async (ctx) => {
    requireSystem(ctx);
    const session = await deps.currentSession(ctx.get('x-session-token'));
    const linkId = ctx.get('x-link-id');
    if (!isUuid(linkId)) throw badRequest('linkId', 'the caller has no link');
    const b = parseBody(ChannelLinkRequestSchema, ctx.request.body, channelLinkRules);
    const id = randomUUID();
    await db.transaction(async (tx) => {
      await tx('channel_links').insert({ id, user_id: session.user_id, link_id: linkId, kind: b.kind, external_ref: b.externalRef, status: 'active' });
      await audit(
        tx,
        { kind: 'system', id: `client:${session.user_id}` },
        { action: 'channel_link.created', entityType: 'channel_link', entityId: id, linkId, after: { kind: b.kind, externalRef: b.externalRef } },
      );
    });
    ctx.status = 201;
    ctx.body = channelView(await db('channel_links').where({ id }).first());
  });

  r.get('/channel-links', async (ctx) => {
    requireStaff(ctx);
    if (!isUuid(ctx.query.linkId)) throw badRequest('linkId', 'linkId must be a uuid');
    ctx.body = { channelLinks: (await db('channel_links').where({ link_id: ctx.query.linkId }).orderBy('created_at', 'desc').limit(100)).map(channelView) };
  });

  const revokeChannels = async (actor: { kind: 'employee' | 'system'; id: string }, where: Record<string, string>, reason: string) =>
    db.transaction(async (tx) => {
      const rows = await tx('channel_links')
        .where({ ...where, status: 'active' })
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
      return rows.map(channelView);
    });

  r.get('/channel-links/:id', async (ctx) => {
    requireStaff(ctx);
    if (!isUuid(ctx.params.id)) throw notFound('channel link');
    const row = await db('channel_links').where({ id: ctx.params.id }).first();
    if (!row) throw notFound('channel link');
    ctx.body = channelView(row);
  });

  r.post('/channel-links/:id/revoke', async (ctx) => {
    const actor = requireStaff(ctx);
    if (!isUuid(ctx.params.id)) throw notFound('channel link');
    const existing = await db('channel_links').where({ id: ctx.params.id }).first();
    if (!existing) throw notFound('channel link');
    const [row] = await revokeChannels(actor, { id: existing.id }, 'revoked by employee');
    ctx.body = row ?? channelView(existing);
  });

  r.post('/links/:linkId/channel-links/revoke-all', async (ctx) => {
    const actor = requireStaff(ctx);
    if (!isUuid(ctx.params.linkId)) throw notFound('link');
    ctx.body = { revoked: await revokeChannels(actor, { link_id: ctx.params.linkId }, 'link ended') };
  });

  auditRoute(r, db, 'identity');
}
