import type { Knex } from 'knex';
import { recordEvent } from '../../../internal/outbox.js';
import { randomUUID } from 'node:crypto';
import { conflict } from '../../../lib/errors.js';
import type { ClientActor } from '../documents/card.js';
import { endSignatureRequests } from './end.js';
import { onTurn } from './views.js';

type Row = Record<string, any>;

/** The pending request of the document, locked, with its signers; undefined when there is none. */
async function pendingRequest(tx: Knex.Transaction, documentId: string): Promise<{ request: Row; signers: Row[] } | undefined> {
  const request = await tx('signature_requests').where({ document_id: documentId, status: 'pending' }).forUpdate().first();
  if (!request) return undefined;
  return { request, signers: await tx('signature_signers').where({ request_id: request.id }).orderBy('position') };
}

const notOpen = (message: string) => conflict('signature_not_open', message, { field: 'signature' });

/**
 * A signer's decline, in the caller's transaction (with their document
 * response): the signer is declined with the reason and the request ends at
 * once. Answers the request's id, for the gateway to wake its workflow.
 */
export async function declineSignature(tx: Knex.Transaction, documentId: string, userId: string, reason: string): Promise<string[]> {
  const pending = await pendingRequest(tx, documentId);
  const me = pending?.signers.find((s) => s.user_id === userId && s.state === 'waiting');
  if (!pending || !me) throw notOpen('there is no signature of yours to decline on this document now');
  await tx('signature_signers').where({ request_id: pending.request.id, user_id: userId }).update({ state: 'declined', reason, acted_at: tx.fn.now() });
  return endSignatureRequests(tx, (q) => q.where({ id: pending.request.id }), 'declined', 'declined');
}

export interface Evidence {
  sessionId: string;
  address: string;
  userAgent: string;
}

/**
 * A signature, once identity confirmed the signer's password: only on their
 * turn, on the version the request is for (which is the latest: a new version
 * withdraws it), before the deadline. Records who, when, from which session and
 * address, and the SHA-256 of the exact file signed; the last signature
 * completes the request. Answers the request's id.
 */
export async function sign(db: Knex, d: Row, client: ClientActor, evidence: Evidence): Promise<string[]> {
  try {
    return await db.transaction(async (tx) => {
      const pending = await pendingRequest(tx, d.id);
      if (!pending) throw notOpen('this document has no signature request open');
      const { request, signers } = pending;
      if (!onTurn(request, signers).has(client.id)) throw notOpen('it is not your turn to sign this document');
      const { past } = await tx.raw(`select ?::timestamptz <= now() as past`, [request.deadline_at]).then((r) => r.rows[0]);
      if (past) throw notOpen('the deadline of this signature request has passed');
      const file = await tx('document_files').where({ version_id: request.version_id }).orderBy('created_at').first();
      await tx('signature_signers').where({ request_id: request.id, user_id: client.id, state: 'waiting' }).update({
        state: 'signed',
        acted_at: tx.fn.now(),
        session_id: evidence.sessionId,
        address: evidence.address,
        user_agent: evidence.userAgent,
        sha256: file.sha256,
      });
      await tx('document_responses').insert({
        id: randomUUID(),
        document_id: d.id,
        version_id: request.version_id,
        kind: 'signed',
        user_id: client.id,
        contact_id: client.contactId,
        user_name: client.name,
      });
      await recordEvent(tx, { kind: 'document_response', companyId: d.company_id, documentId: d.id, actorId: client.id });
      if (signers.every((s) => s.user_id === client.id || s.state === 'signed'))
        await endSignatureRequests(tx, (q) => q.where({ id: request.id }), 'completed', 'signed');
      return [request.id as string];
    });
  } catch (err) {
    // A second signature of the same version by the same client (one answer per version and client).
    if ((err as { code?: string }).code === '23505') throw notOpen('you have already answered this version');
    throw err;
  }
}
