import type { Knex } from 'knex';
import type { Context } from 'koa';
import { notFound } from '../../../lib/errors.js';
import { isUuid } from '../../../lib/http.js';
import { isoTimeOrNull, type Plain } from '../../../internal/messages.js';
import type { requireClient } from '../../../internal/service-app.js';
import type { ClientDocumentCard, SignatureRequest } from '../../../proto/gen/extranet/v1/documents_pb.js';
import { scoped } from '../scope.js';
import { signatureRequestsOf } from '../signatures/views.js';
import { awaits, historyOf } from '../views.js';

type Row = Record<string, any>;
export type ClientActor = ReturnType<typeof requireClient>;

/** What a client may do now with a document, by its expected action, until they have done it on the latest version. */
const ACTIONS: Record<string, string[]> = { review: ['reviewed'], approve: ['approved', 'declined'], attach: ['attach'] };
const NEXT_STEP: Record<string, string> = {
  review: 'Read the document, then mark it as reviewed.',
  approve: 'Approve the document, or decline it with your reason.',
  attach: 'Attach the file the team asked for.',
  sign: 'Sign the document when the team sends you the signature request.',
};

/** The published document of the path, if the client's scope reaches it (404 otherwise, whatever the reason). */
export async function visibleDocument(db: Knex, ctx: Context, client: ClientActor): Promise<Row> {
  if (!isUuid(ctx.params.id)) throw notFound('document');
  const d = await scoped(db('documents').where({ id: ctx.params.id }), client).first();
  if (!d) throw notFound('document');
  return d;
}

/**
 * What a signer may do on a pending signature request: sign when it is their
 * turn, decline (with a reason) while they have not signed. Nothing for
 * anyone else, nor once the request is over.
 */
function signing(request: Plain<SignatureRequest> | undefined, userId: string): { actions: string[]; nextStep: string } {
  const me = request?.status === 'pending' ? request.signers.find((s) => s.userId === userId && s.state === 'waiting') : undefined;
  if (!request || !me) return { actions: [], nextStep: '' };
  const deadline = new Date(request.deadlineAt).toUTCString();
  if (me.turn) return { actions: ['sign', 'declined'], nextStep: `Sign the document with your password before ${deadline}, or decline it with your reason.` };
  const before = request.signers.filter((s) => s.turn).map((s) => s.name);
  return { actions: ['declined'], nextStep: `Your signature comes after ${before.join(', ')}'s; the deadline is ${deadline}.` };
}

/** The document card: versions, the client's own responses, the signature request, the next step and what they may do now. */
export async function clientCard(db: Knex, d: Row, client: ClientActor): Promise<Plain<ClientDocumentCard>> {
  const [mine, requests] = await Promise.all([
    historyOf(db, d.id, { userId: client.id }),
    d.expected_action === 'sign' ? signatureRequestsOf(db, d.id, 'client') : Promise.resolve([]),
  ]);
  const head = {
    id: d.id,
    companyId: d.company_id,
    title: d.title,
    description: d.description,
    status: d.status,
    expectedAction: d.expected_action,
    publishedAt: isoTimeOrNull(d.published_at) ?? undefined,
    versions: mine.versions,
    responses: mine.responses,
    signature: requests[0],
    signatureRequestsChanged: [],
  };
  if (d.expected_action === 'sign') {
    const now = signing(requests[0], client.id);
    return { ...head, ...now, nextStep: now.nextStep || (requests.length ? '' : NEXT_STEP.sign!) };
  }
  const waiting = awaits(d, mine.latest, mine.rawResponses, client.id);
  return { ...head, nextStep: waiting ? (NEXT_STEP[d.expected_action] ?? '') : '', actions: waiting ? (ACTIONS[d.expected_action] ?? []) : [] };
}
