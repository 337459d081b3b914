import { ApplicationFailure } from '@temporalio/common';
import { escapeHtml, mailFailure, service } from './activity-kit.js';
import { signatureActivities } from './signature/activities.js';
import { notifyActivities } from './notify/activities.js';
import { handOverActivities } from './offboarding/activities.js';
import type { Client } from '@temporalio/client';
import type { DocumentsClient } from '../internal/clients/documents.js';
import type { Transporter } from 'nodemailer';
import { ServiceError } from '../internal/client.js';
import type { IdentityClient } from '../internal/clients/identity.js';
import type { PolicyClient } from '../internal/clients/policy.js';
import type { RequestsClient } from '../internal/clients/requests.js';
import type { Actor } from '../internal/actor.js';
import type { Plain } from '../internal/messages.js';
import type { InvitationInput } from '../proto/gen/extranet/v1/workflows_pb.js';

/** What recording an invitation needs: ids only. */
export type InvitationIds = Pick<Plain<InvitationInput>, 'invitationId' | 'linkId' | 'employeeId'>;

/** The worker acting on its own behalf. */
const WORKER: Actor = { kind: 'system', id: 'worker' };

/** What the activities need: the typed service clients (internal/clients), the mailer; tests pass other implementations. */
export interface ActivityDeps {
  identity: IdentityClient;
  policy: PolicyClient;
  requests: RequestsClient;
  documents: DocumentsClient;
  mailer: Transporter;
  mailFrom: string;
  /** The public address of the gateway, for links in emails. */
  publicUrl: string;
  /** A Temporal client (made when first needed) and the task queue, for the notifications' signal-with-start. */
  temporal: () => Promise<Client>;
  taskQueue: string;
}

/**
 * The activities: thin, idempotent calls to the services and to SMTP. Their
 * arguments and results are ids, statuses and counts: whatever they return is
 * kept in the workflow history, so names, emails and tokens stay inside them.
 */
export function createActivities(deps: ActivityDeps) {
  const { identity, policy } = deps;
  /** The link as the worker sees it: the user, contact and companies it is for. Never returned to a workflow. */
  const linkOf = (linkId: string) => service(() => policy.link(WORKER, linkId));
  return {
    ...signatureActivities(deps, linkOf),
    ...notifyActivities(deps),
    ...handOverActivities(deps),

    /** Creates the link of a confirmed review (idempotent: the review id is the link id); answers its id and status only. */
    async createLink(args: { reviewId: string; employeeId: string }): Promise<{ id: string; status: string }> {
      const link = await service(() => policy.createLink(WORKER, args));
      return { id: link.id, status: link.status };
    },

    async applyStarterPolicy(linkId: string): Promise<void> {
      await service(() => policy.applyStarterPolicy(WORKER, linkId));
    },

    /**
     * Records the invitation (idempotent on its id) for the link's own user and
     * contact, read from policy: the workflow input names only the link, so
     * whoever starts a workflow cannot choose who gets the token. Identity
     * revokes the link's pending invitation first, in the same transaction, and
     * answers which ones it revoked.
     */
    async recordInvitation(input: InvitationIds): Promise<{ expiresAt: string; revokedInvitationIds: string[] }> {
      const link = await linkOf(input.linkId);
      if (link.status !== 'active') throw ApplicationFailure.nonRetryable(`the link is ${link.status}`, 'link_not_active');
      const res = await service(() =>
        identity.recordInvitation(WORKER, {
          id: input.invitationId,
          linkId: input.linkId,
          userId: link.user.id,
          contactId: link.contact.id,
          issuedBy: input.employeeId,
        }),
      );
      return { expiresAt: new Date(res.invitation.expiresAt).toISOString(), revokedInvitationIds: res.revokedInvitationIds };
    },

    /**
     * Sends the invitation email, at least once (a crash between sending and
     * recording sends it again). The token and the recipient come from identity's
     * record of this invitation of this link; the token goes into the email and
     * nowhere else: it is not returned, so it never enters the workflow history.
     */
    async deliverInvitation(args: { invitationId: string; linkId: string }): Promise<{ sent: boolean }> {
      const { invitationId } = args;
      // The recipient is the invited account's own address, from identity's record.
      const d = await service(() => identity.prepareDelivery(WORKER, invitationId, args.linkId));
      if (d.alreadySent) return { sent: false };
      const activationUrl = `${deps.publicUrl}/extranet/activate#token=${d.token}`;
      const until = new Date(d.expiresAt!).toUTCString();
      const action = d.existingAccount
        ? { text: 'You already have a portal password: open this link and confirm with it to accept', html: 'Accept with your portal password' }
        : { text: 'Open this link to set your password and sign in', html: 'Set your password and sign in' };
      try {
        await deps.mailer.sendMail({
          from: deps.mailFrom,
          to: d.email!,
          subject: 'Your invitation to the Extranet',
          messageId: `<invitation-${invitationId}@extranet>`,
          text: `Hello ${d.firstName} ${d.lastName},\n\nyou have been invited to the client portal.\n${action.text} (valid until ${until}):\n\n${activationUrl}\n\nIf you did not expect this email, ignore it.\n`,
          html: `<p>Hello ${escapeHtml(d.firstName!)} ${escapeHtml(d.lastName!)},</p><p>you have been invited to the client portal.</p><p><a href="${activationUrl}">${action.html}</a> (valid until ${until}).</p><p>If you did not expect this email, ignore it.</p>`,
        });
      } catch (err) {
        throw mailFailure(err, 'the invitation email');
      }
      await service(() => identity.recordDelivered(WORKER, invitationId));
      return { sent: true };
    },

    /** Offboarding: sets the link's status; already in that status counts as done. */
    async setLinkStatus(args: { linkId: string; status: string; employeeId: string }): Promise<void> {
      try {
        await policy.changeLinkStatus(WORKER, args.linkId, { status: args.status, employeeId: args.employeeId, requests: [] });
      } catch (err) {
        if (err instanceof ServiceError && err.code === 'no_change') return;
        if (err instanceof ServiceError && err.code === 'link_revoked' && args.status === 'revoked') return;
        return service(() => Promise.reject(err));
      }
    },

    /** Offboarding: ends every session of the link's user (read from policy); answers how many. */
    async endSessions(args: { linkId: string; reason: string }): Promise<number> {
      const { user } = await linkOf(args.linkId);
      return (await service(() => identity.endSessionsOfUser(WORKER, user.id, args.reason))).ended;
    },

    async revokePendingInvitations(linkId: string): Promise<string[]> {
      return (await service(() => identity.revokePendingInvitations(WORKER, linkId))).revoked.map((i) => i.id);
    },

    async revokeChannelLinks(linkId: string): Promise<string[]> {
      return (await service(() => identity.revokeChannelLinksOfLink(WORKER, linkId))).revoked.map((c) => c.id);
    },

    /** Offboarding: the unfinished requests of the link's contact in the link's companies (both read from policy), by id. */
    async openRequests(linkId: string): Promise<string[]> {
      const link = await linkOf(linkId);
      const companyIds = link.companies.map((c) => c.id);
      const res = await service(() => deps.requests.openRequests(WORKER, { contactId: link.contact.id, companyIds }));
      return res.requests.map((r) => r.id);
    },

    /**
     * Expires the invitation if it is still pending and due; returns its status
     * afterwards. A conditional update at identity and nothing else when the
     * invitation is not due, so the invitation workflow also calls it to re-check
     * identity's record while it waits.
     */
    async settleInvitation(invitationId: string): Promise<string> {
      const inv = await service(() => identity.expireInvitation(WORKER, invitationId));
      return inv.status;
    },
  };
}

export type Activities = ReturnType<typeof createActivities>;
