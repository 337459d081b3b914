import type Router from '@koa/router';
import { notFound, unprocessable } from '../../../lib/errors.js';
import { parseBody } from '../../../lib/validate.js';
import { SignatureRequestInputSchema } from '../../../proto/gen/extranet/v1/documents_pb.js';
import { signatureWorkflowId } from '../../../workflows/signature/ids.js';
import { callerOf, relay } from '../../upstream.js';
import { uuidParam } from '../params.js';
import type { GovernanceDeps } from './deps.js';
import { governedDocumentOf } from './documents.js';

/**
 * Signature requests on a published document (seed page 002): the signers are
 * contacts of the document's company who would see it now (policy's audience,
 * the portal's own scope code); each request is followed by `signature-<id>`.
 */
export function signatureRoutes(gov: Router, { upstream, workflows }: GovernanceDeps) {
  const { policy, documents, identity } = upstream;

  gov.post('/documents/:id/signature-requests', async (ctx) => {
    const { id, facts, governed } = await governedDocumentOf(ctx, upstream);
    const input = parseBody(SignatureRequestInputSchema, ctx.request.body);
    const { audience } = await relay(policy.documentAudience(callerOf(ctx), { companyId: facts.companyId, contactId: facts.contactId ?? '' }));
    const signers = input.contactIds.map((contactId) => {
      const member = audience.find((m) => m.contactId === contactId);
      if (!member) throw unprocessable('contactIds', `contact ${contactId} has no active access to this document`);
      return { userId: member.userId, contactId, name: member.name };
    });
    const detail = await relay(
      documents.requestSignatures(callerOf(ctx), governed, id, {
        signers,
        order: input.order,
        deadline: input.deadline,
        reminderEverySeconds: input.reminderEverySeconds,
      }),
    );
    const signatureRequestId = detail.signatureRequestsChanged[0]!;
    // The addresses are for the search attribute only (operators find a request by a signer's email).
    const users = await Promise.all(signers.map((s) => relay(identity.user(identity.system, s.userId))));
    try {
      await workflows.startSignature({ signatureRequestId, documentId: id, companyIds: [facts.companyId], contactEmails: users.map((u) => u.email) });
    } catch (err) {
      // Nothing follows it: withdrawn at once, so no signer is left with a request nobody reminds or ends.
      await documents.withdrawSignatures(callerOf(ctx), governed, id, signatureRequestId).catch(() => undefined);
      throw err;
    }
    ctx.status = 201;
    ctx.body = detail;
  });

  gov.post('/documents/:id/signature-requests/:requestId/withdraw', async (ctx) => {
    const { id, governed } = await governedDocumentOf(ctx, upstream);
    const detail = await relay(documents.withdrawSignatures(callerOf(ctx), governed, id, uuidParam(ctx, 'requestId', 'signature request')));
    await workflows.wakeSignatures(detail.signatureRequestsChanged);
    ctx.body = detail;
  });

  // The workflow's own view (its step and each signer's state as it last read them), for operators.
  gov.get('/documents/:id/signature-requests/:requestId/workflow', async (ctx) => {
    const { id, governed } = await governedDocumentOf(ctx, upstream);
    const requestId = uuidParam(ctx, 'requestId', 'signature request');
    const detail = await relay(documents.teamDocument(callerOf(ctx), governed, id));
    if (!detail.signatureRequests.some((r) => r.id === requestId)) throw notFound('signature request');
    ctx.body = (await workflows.status(signatureWorkflowId(requestId))) ?? { workflowId: signatureWorkflowId(requestId), state: 'NOT_FOUND' };
  });
}
