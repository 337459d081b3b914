import Router from '@koa/router';
import type { Knex } from 'knex';
import { isUuid } from '../../../lib/http.js';
import { requireStaff, requireSystem } from '../../../internal/service-app.js';
import { badRequest, conflict, notFound } from '../../../lib/errors.js';
import { audit } from '../../../lib/audit.js';
import { parseBody } from '../../../lib/validate.js';
import { ActivateRequestSchema } from '../../../proto/gen/extranet/v1/portal_pb.js';
import { isoTime, type Plain } from '../../../internal/messages.js';
import {
  InvitationDeliveryRequestSchema,
  InvitationTokenRequestSchema,
  RecordInvitationRequestSchema,
  type DeliveryRecorded,
  type InvitationList,
  type InvitationOfToken,
  type RecordedInvitationValid,
  type RevokedInvitations,
} from '../../../proto/gen/extranet/v1/identity_pb.js';
import {
  activate,
  endInvitation,
  findInvitation,
  invitationOfToken,
  invitationView,
  prepareDelivery,
  recordInvitation,
  revokePendingOfLink,
} from './invitations.js';

/** Invitations: recorded and delivered for the workflows, listed and revoked by employees, activated by clients. */
export function invitationRoutes(db: Knex): Router {
  const r = new Router();

  r.post('/invitations', async (ctx) => {
    const caller = requireSystem(ctx);
    const body = parseBody(RecordInvitationRequestSchema, ctx.request.body);
    const result = await recordInvitation(db, caller, {
      id: body.id,
      linkId: body.linkId,
      userId: body.userId,
      contactId: body.contactId,
      issuedBy: body.issuedBy || caller.id,
    });
    ctx.status = 201;
    ctx.body = {
      invitation: invitationView(result.invitation),
      revokedInvitationIds: result.revokedInvitationIds,
    } satisfies Plain<RecordedInvitationValid>;
  });

  r.get('/invitations', async (ctx) => {
    requireStaff(ctx);
    const linkId = ctx.query.linkId;
    if (linkId !== undefined && !isUuid(linkId)) throw badRequest('linkId', 'linkId must be a uuid');
    const rows = await db('invitations')
      .modify((b) => (linkId ? b.where({ link_id: linkId }) : b))
      .orderBy('issued_at', 'desc')
      .limit(200);
    ctx.body = { invitations: rows.map(invitationView) } satisfies Plain<InvitationList>;
  });

  r.get('/invitations/:id', async (ctx) => {
    requireStaff(ctx);
    ctx.body = invitationView(await findInvitation(db, ctx.params.id));
  });

  r.post('/invitations/:id/delivery', async (ctx) => {
    requireSystem(ctx);
    if (!isUuid(ctx.params.id)) throw notFound('invitation');
    const { linkId } = parseBody(InvitationDeliveryRequestSchema, ctx.request.body);
    ctx.body = await prepareDelivery(db, ctx.params.id, linkId);
  });

  r.post('/invitations/:id/delivered', async (ctx) => {
    requireSystem(ctx);
    const row = await findInvitation(db, ctx.params.id);
    const n = await db('invitations').where({ id: row.id }).whereNull('email_sent_at').update({ email_sent_at: db.fn.now() });
    ctx.body = { recorded: n === 1 } satisfies Plain<DeliveryRecorded>;
  });

  r.post('/invitations/:id/expire', async (ctx) => {
    requireSystem(ctx);
    ctx.body = invitationView((await endInvitation(db, ctx.params.id, 'expired', true)).invitation);
  });

  r.post('/invitations/:id/revoke', async (ctx) => {
    const actor = requireStaff(ctx);
    const { invitation, changed } = await endInvitation(db, ctx.params.id, 'revoked', false);
    if (!changed) throw conflict('invitation_not_pending', `invitation is already ${invitation.status}`, { status: invitation.status });
    await audit(db, actor, {
      action: 'invitation.revoked',
      entityType: 'invitation',
      entityId: invitation.id,
      linkId: invitation.link_id,
      before: { status: 'pending' },
      after: { status: 'revoked' },
    });
    ctx.body = invitationView(invitation);
  });

  r.post('/links/:linkId/invitations/revoke-pending', async (ctx) => {
    const actor = requireStaff(ctx);
    if (!isUuid(ctx.params.linkId)) throw notFound('link');
    ctx.body = { revoked: (await revokePendingOfLink(db, actor, ctx.params.linkId)).map(invitationView) } satisfies Plain<RevokedInvitations>;
  });

  // What the activation page needs before asking for a password: is this a new account, or an existing one?
  r.post('/invitations/by-token', async (ctx) => {
    requireSystem(ctx);
    const { token } = parseBody(InvitationTokenRequestSchema, ctx.request.body);
    const inv = await invitationOfToken(db, token);
    const user = await db('users').where({ id: inv.user_id }).first();
    ctx.body = {
      id: inv.id,
      linkId: inv.link_id,
      expiresAt: isoTime(inv.expires_at),
      existingAccount: !user.password_is_temporary,
    } satisfies Plain<InvitationOfToken>;
  });

  r.post('/activations', async (ctx) => {
    requireSystem(ctx);
    const input = parseBody(ActivateRequestSchema, ctx.request.body);
    ctx.status = 201;
    ctx.body = await activate(db, input.token, input.password);
  });
  return r;
}
