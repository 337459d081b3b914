import type { Knex } from 'knex';
import { isoTime, isoTimeOrNull, type Plain } from '../../../internal/messages.js';
import type { SignatureProgress, SignatureRequest, Signer } from '../../../proto/gen/extranet/v1/documents_pb.js';
import { signatureWorkflowId } from '../../../workflows/signature/ids.js';

type Row = Record<string, any>;

/**
 * Whose turn it is: in a parallel request every signer still waiting; in a
 * sequential one the first signer still waiting, once everyone before has
 * signed. Nobody's once the request is over.
 */
export function onTurn(request: Row, signers: Row[]): Set<string> {
  if (request.status !== 'pending') return new Set();
  const waiting = [...signers].sort((a, b) => a.position - b.position).filter((s) => s.state === 'waiting');
  return new Set((request.signing_order === 'parallel' ? waiting : waiting.slice(0, 1)).map((s) => s.user_id as string));
}

const signerView = (s: Row, turn: Set<string>, withEvidence: boolean, versionNumber: number): Plain<Signer> => ({
  userId: s.user_id,
  contactId: s.contact_id,
  name: s.name,
  position: s.position,
  state: s.state,
  turn: turn.has(s.user_id),
  actedAt: isoTimeOrNull(s.acted_at) ?? undefined,
  reason: s.reason,
  emailsSent: withEvidence ? s.emails_sent - s.emails_withheld : 0,
  lastEmailedAt: withEvidence ? (isoTimeOrNull(s.last_emailed_at) ?? undefined) : undefined,
  evidence:
    withEvidence && s.state === 'signed'
      ? { signedAt: isoTime(s.acted_at), sessionId: s.session_id, address: s.address, userAgent: s.user_agent, versionNumber, sha256: s.sha256 }
      : undefined,
});

/**
 * The signature requests of a document, newest first, with their signers. The
 * team sees the evidence and the emails sent; a client sees who signs and how far it is.
 */
export async function signatureRequestsOf(db: Knex, documentId: string, audience: 'team' | 'client'): Promise<Plain<SignatureRequest>[]> {
  const requests = await db('signature_requests as r')
    .join('document_versions as v', 'v.id', 'r.version_id')
    .where('r.document_id', documentId)
    .select('r.*', 'v.number as version_number')
    .orderBy('r.created_at', 'desc');
  if (!requests.length) return [];
  const signers = await db('signature_signers')
    .whereIn(
      'request_id',
      requests.map((r: Row) => r.id),
    )
    .orderBy('position');
  return requests.map((r: Row) => {
    const mine = signers.filter((s: Row) => s.request_id === r.id);
    const turn = onTurn(r, mine);
    return {
      id: r.id,
      documentId: r.document_id,
      versionNumber: r.version_number,
      order: r.signing_order,
      status: r.status,
      deadlineAt: isoTime(r.deadline_at),
      reminderEverySeconds: audience === 'team' ? r.reminder_seconds : 0,
      createdAt: isoTime(r.created_at),
      endedAt: isoTimeOrNull(r.ended_at) ?? undefined,
      endReason: r.end_reason,
      signers: mine.map((s: Row) => signerView(s, turn, audience === 'team', r.version_number)),
      workflowId: audience === 'team' ? signatureWorkflowId(r.id) : '',
    };
  });
}

/**
 * The worker's view of one request at the database's `now`: ids and states,
 * who is due an email (their turn began and nobody wrote yet, or a reminder
 * interval passed since the last), and when to look again (the next reminder
 * or the deadline, whichever comes first).
 */
export function progressOf(r: Row, signers: Row[], now: Date): Plain<SignatureProgress> {
  const turn = onTurn(r, signers);
  const deadline = new Date(r.deadline_at).getTime();
  const due: string[] = [];
  let next = deadline;
  for (const s of signers) {
    if (!turn.has(s.user_id)) continue;
    const at = s.emails_sent === 0 ? 0 : new Date(s.last_emailed_at).getTime() + r.reminder_seconds * 1000;
    if (at <= now.getTime()) due.push(s.user_id);
    else next = Math.min(next, at);
  }
  return {
    signatureRequestId: r.id,
    documentId: r.document_id,
    status: r.status,
    deadlineAt: isoTime(r.deadline_at),
    nextWakeAt: new Date(next).toISOString(),
    signers: [...signers]
      .sort((a, b) => a.position - b.position)
      .map((s) => ({ userId: s.user_id, position: s.position, state: s.state, turn: turn.has(s.user_id), emailsSent: s.emails_sent })),
    dueUserIds: r.status === 'pending' ? due : [],
  };
}
