import type { Transporter } from 'nodemailer';
import type { Actor } from '../../internal/actor.js';
import type { DocumentsClient } from '../../internal/clients/documents.js';
import type { IdentityClient } from '../../internal/clients/identity.js';
import type { Plain } from '../../internal/messages.js';
import type { SignatureProgress } from '../../proto/gen/extranet/v1/documents_pb.js';
import type { PolicyClient } from '../../internal/clients/policy.js';
import type { Answer } from '../../internal/messages.js';
import { escapeHtml, mailFailure, service } from '../activity-kit.js';
import { createHash } from 'node:crypto';

/** A uuid made from a name: the same name, the same id (so a retried activity records nothing twice). */
const stableUuid = (name: string) => {
  const h = createHash('sha256').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

const WORKER: Actor = { kind: 'system', id: 'worker' };

export interface SignatureActivityDeps {
  identity: IdentityClient;
  policy: PolicyClient;
  documents: DocumentsClient;
  mailer: Transporter;
  mailFrom: string;
  publicUrl: string;
}

/**
 * The signature workflow's one activity, and offboarding's withdrawal. Names,
 * addresses and titles are read here and stay here: the workflow gets ids and
 * states (SignatureProgress).
 */
export function signatureActivities(deps: SignatureActivityDeps, linkOf: (linkId: string) => Promise<Answer<PolicyClient['link']>>) {
  const { identity, documents } = deps;

  /**
   * One email to one signer: the request when their turn begins (number 1), a
   * reminder after. Sent only if the signer may see the document now, through
   * the portal's own scope code (a lost documents permission, company or link
   * stops it); answers whether it went.
   */
  async function email(progress: Plain<SignatureProgress>, userId: string, number: number): Promise<boolean> {
    const [user, facts] = await Promise.all([
      service(() => identity.user(WORKER, userId)),
      service(() => documents.documentFacts(WORKER, progress.documentId)),
    ]);
    const { audience } = await service(() =>
      deps.policy.notificationAudience(WORKER, {
        companyId: facts.companyId,
        permission: 'documents',
        pipelineId: '',
        contactId: facts.contactId ?? '',
        userIds: [userId],
      }),
    );
    if (facts.status !== 'published' || !audience.length) return false;
    const url = `${deps.publicUrl}/extranet/documents/${progress.documentId}`;
    const until = new Date(progress.deadlineAt).toUTCString();
    const first = number === 1;
    const subject = `${first ? 'Your signature is requested' : 'Reminder: your signature is awaited'}: ${facts.title}`;
    try {
      await deps.mailer.sendMail({
        from: deps.mailFrom,
        to: user.email,
        subject,
        // The same email sent again after a crash carries the same id.
        messageId: `<signature-${progress.signatureRequestId}-${userId}-${number}@extranet>`,
        text: `Hello ${user.firstName} ${user.lastName},\n\n${first ? 'you are asked to sign' : 'your signature is still awaited on'} "${facts.title}" before ${until}.\nOpen the document, read it, and sign it with your portal password (or decline it with your reason):\n\n${url}\n`,
        html: `<p>Hello ${escapeHtml(user.firstName)} ${escapeHtml(user.lastName)},</p><p>${first ? 'you are asked to sign' : 'your signature is still awaited on'} <b>${escapeHtml(facts.title)}</b> before ${until}.</p><p><a href="${url}">Open the document</a> and sign it with your portal password, or decline it with your reason.</p>`,
      });
    } catch (err) {
      throw mailFailure(err, 'the signature email');
    }
    // The same news in the signer's feed (the email above is the one sent): once per signer and email number.
    const eventId = stableUuid(`signature:${progress.signatureRequestId}:${userId}:${number}`);
    await service(() =>
      identity.recordNotificationBatch(WORKER, {
        recipientId: userId,
        audience: 'client',
        batchId: eventId,
        items: [
          {
            eventId,
            kind: 'signature_reminder',
            title: subject,
            body: `Sign before ${until}, or decline with your reason.`,
            url: `/extranet/documents/${progress.documentId}`,
          },
        ],
      }),
    );
    return true;
  }

  return {
    /**
     * One look at a signature request (the documents service expires it when its
     * deadline passed), then one email to each signer due one, each recorded
     * after it went: a retry sends only what was not recorded. Answers the
     * progress after the emails, with when to look again.
     */
    async advanceSignatures(signatureRequestId: string): Promise<Plain<SignatureProgress>> {
      let progress = await service(() => documents.advanceSignatureRequest(WORKER, signatureRequestId));
      for (const userId of progress.dueUserIds) {
        const number = (progress.signers.find((s) => s.userId === userId)?.emailsSent ?? 0) + 1;
        const sent = await email(progress, userId, number);
        progress = await service(() => documents.signerNotified(WORKER, signatureRequestId, { userId, emailNumber: number, withheld: !sent }));
      }
      return { ...progress, dueUserIds: [] };
    },

    /** Offboarding: withdraws the pending signature requests in which the link's user still has to sign, in the link's companies. */
    async withdrawSignatures(linkId: string): Promise<string[]> {
      const link = await linkOf(linkId);
      const companyIds = link.companies.map((c) => c.id);
      return (await service(() => documents.withdrawSignaturesOfUser(WORKER, { userId: link.user.id, companyIds }))).signatureRequestIds;
    },
  };
}
