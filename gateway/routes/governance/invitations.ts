import type Router from '@koa/router';
import type { Context } from 'koa';
import { HttpError, unprocessable } from '../../../lib/errors.js';
import { parseBody } from '../../../lib/validate.js';
import { IssueInvitationRequestSchema } from '../../../proto/gen/extranet/v1/governance_pb.js';
import { callerOf, relay } from '../../upstream.js';
import { uuidParam } from '../params.js';
import type { GovernanceDeps } from './deps.js';
import { linkOf } from './links.js';

/** A link's invitations: listed, issued again (revoking the pending one), revoked, followed through their workflow. */
export function invitationRoutes(gov: Router, deps: GovernanceDeps) {
  const { identity, policy } = deps.upstream;
  /** The invitation, once the caller is known to govern its link. */
  const invitationOf = async (ctx: Context) => {
    const invitation = await relay(identity.invitation(callerOf(ctx), uuidParam(ctx, 'id', 'invitation')));
    await relay(policy.authorizeLink(callerOf(ctx), invitation.linkId));
    return invitation;
  };

  gov.get('/links/:id/invitations', async (ctx) => {
    const link = await linkOf(ctx, deps);
    ctx.body = await relay(identity.invitations(callerOf(ctx), link.id));
  });

  gov.post('/links/:id/invitations', async (ctx) => {
    const input = parseBody(IssueInvitationRequestSchema, ctx.request.body ?? {});
    const link = await linkOf(ctx, deps);
    if (input.contactId && input.contactId !== link.contact.id) throw unprocessable('contactId', 'contactId is not the contact of this link');
    if (link.status !== 'active') throw new HttpError(409, 'link_not_active', `the link is ${link.status}; invitations need an active link`);
    const facts = { linkId: link.id, companyIds: link.companies.map((c) => c.id), contactEmail: link.contact.email };
    ctx.status = 202;
    ctx.body = await deps.workflows.reissueInvitation(facts, callerOf(ctx).id);
  });

  gov.get('/invitations/:id', async (ctx) => {
    const invitation = await invitationOf(ctx);
    ctx.body = { ...invitation, workflow: await deps.workflows.status(`invitation-${invitation.id}`) };
  });

  gov.post('/invitations/:id/revoke', async (ctx) => {
    const existing = await invitationOf(ctx);
    const revoked = await relay(identity.revokeInvitation(callerOf(ctx), existing.id));
    await deps.workflows.notifyInvitation(revoked.id, 'revoked');
    ctx.body = revoked;
  });
}
