import Router from '@koa/router';
import type { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { conflict, notFound, unprocessable } from '../../../lib/errors.js';
import { isUuid } from '../../../lib/http.js';
import type { Plain } from '../../../internal/messages.js';
import { requireClient, requireSystem } from '../../../internal/service-app.js';
import { parseBody } from '../../../lib/validate.js';
import {
  ContactSignaturesQuerySchema,
  SignatureEvidenceInputSchema,
  type SignatureProgress,
  SignatureRequestCreateSchema,
  SignerNotifiedSchema,
  type WithdrawnSignatureRequests,
} from '../../../proto/gen/extranet/v1/documents_pb.js';
import type { SignatureRules } from '../config.js';
import { clientCard, visibleDocument } from '../documents/card.js';
import { governedDocument } from '../governed.js';
import { teamDetail } from '../views.js';
import { endSignatureRequests } from './end.js';
import { sign } from './sign.js';
import { progressOf } from './views.js';

const YEAR_MS = 366 * 86_400_000;

/**
 * Signature requests: the team asks for them and withdraws them, the signers
 * sign (the gateway confirmed their password first), and the worker's
 * `signature-<id>` workflow advances them (deadline, emails) through the
 * internal routes. Every change happens here, in one transaction each.
 */
export function signatureRoutes(db: Knex, rules: SignatureRules): Router {
  const r = new Router();

  r.post('/documents/:id/signature-requests', async (ctx) => {
    const { actor, d } = await governedDocument(db, ctx);
    const input = parseBody(SignatureRequestCreateSchema, ctx.request.body);
    if (d.expected_action !== 'sign') throw unprocessable('expectedAction', 'this document does not ask for a signature: set its action to sign');
    if (d.status !== 'published') throw unprocessable('status', 'publish the document before asking for signatures');
    const deadline = Date.parse(input.deadline);
    if (!/^\d{4}-\d\d-\d\dT/.test(input.deadline) || Number.isNaN(deadline)) throw unprocessable('deadline', 'deadline must be a date and time (RFC 3339)');
    if (deadline <= Date.now() || deadline > Date.now() + YEAR_MS) throw unprocessable('deadline', 'the deadline must be in the future, within a year');
    const reminder = input.reminderEverySeconds || rules.defaultReminderSeconds;
    if (reminder < rules.minReminderSeconds)
      throw unprocessable('reminderEverySeconds', `reminders may come at most every ${rules.minReminderSeconds} seconds`);
    if (new Set(input.signers.map((s) => s.userId)).size !== input.signers.length) throw unprocessable('contactIds', 'a signer is named twice');
    const id = randomUUID();
    try {
      await db.transaction(async (tx) => {
        await tx('documents').where({ id: d.id }).forUpdate().first();
        const version = await tx('document_versions').where({ document_id: d.id }).orderBy('number', 'desc').first();
        if (!version) throw unprocessable('versions', 'upload the document’s file before asking for signatures');
        await tx('signature_requests').insert({
          id,
          document_id: d.id,
          version_id: version.id,
          company_id: d.company_id,
          signing_order: input.order,
          status: 'pending',
          deadline_at: new Date(deadline),
          reminder_seconds: reminder,
          created_by: actor.id,
        });
        await tx('signature_signers').insert(
          input.signers.map((s, i) => ({ request_id: id, user_id: s.userId, contact_id: s.contactId, name: s.name, position: i + 1, state: 'waiting' })),
        );
      });
    } catch (err) {
      if ((err as { code?: string }).code === '23505')
        throw conflict('signature_pending', 'a signature request is already open on this document; withdraw it first');
      throw err;
    }
    ctx.status = 201;
    ctx.body = { ...(await teamDetail(db, d)), signatureRequestsChanged: [id] };
  });

  r.post('/documents/:id/signature-requests/:requestId/withdraw', async (ctx) => {
    const { d } = await governedDocument(db, ctx);
    if (!isUuid(ctx.params.requestId)) throw notFound('signature request');
    const request = await db('signature_requests').where({ id: ctx.params.requestId, document_id: d.id }).first();
    if (!request) throw notFound('signature request');
    const changed = await endSignatureRequests(db, (q) => q.where({ id: request.id }), 'withdrawn', 'withdrawn');
    if (!changed.length) throw conflict('signature_not_open', `this signature request is already ${request.status}`);
    ctx.body = { ...(await teamDetail(db, d)), signatureRequestsChanged: changed };
  });

  // The gateway confirmed the signer's password with identity; the signer is the caller.
  r.post('/portal/documents/:id/signature', async (ctx) => {
    const client = requireClient(ctx);
    const d = await visibleDocument(db, ctx, client);
    const evidence = parseBody(SignatureEvidenceInputSchema, ctx.request.body);
    const changed = await sign(db, d, client, evidence);
    ctx.status = 201;
    ctx.body = { ...(await clientCard(db, d, client)), signatureRequestsChanged: changed };
  });

  /** The worker's look: expire when the deadline passed, then who is due an email and when to look again. */
  async function advance(id: string): Promise<Plain<SignatureProgress>> {
    if (!isUuid(id)) throw notFound('signature request');
    return db.transaction(async (tx) => {
      const r0 = await tx('signature_requests').where({ id }).forUpdate().first();
      if (!r0) throw notFound('signature request');
      const { now } = (await tx.raw('select now() as now')).rows[0];
      if (r0.status === 'pending' && new Date(r0.deadline_at) <= now) await endSignatureRequests(tx, (q) => q.where({ id }), 'expired', 'deadline');
      const request = await tx('signature_requests').where({ id }).first();
      return progressOf(request, await tx('signature_signers').where({ request_id: id }), now);
    });
  }

  r.post('/internal/signature-requests/:id/advance', async (ctx) => {
    requireSystem(ctx);
    ctx.body = await advance(ctx.params.id!);
  });

  // After each email: recorded once per signer and email number, so a retried look sends nothing twice.
  r.post('/internal/signature-requests/:id/notified', async (ctx) => {
    requireSystem(ctx);
    const { userId, emailNumber, withheld } = parseBody(SignerNotifiedSchema, ctx.request.body);
    if (!isUuid(ctx.params.id)) throw notFound('signature request');
    // `emails_sent` numbers the emails due (it orders the reminders); `emails_withheld` those of them not sent.
    await db('signature_signers')
      .where({ request_id: ctx.params.id, user_id: userId, emails_sent: emailNumber - 1 })
      .update({ emails_sent: emailNumber, last_emailed_at: db.fn.now(), ...(withheld ? { emails_withheld: db.raw('emails_withheld + 1') } : {}) });
    ctx.body = await advance(ctx.params.id!);
  });

  // Offboarding: the pending requests in which the link's user still has to sign, in the link's companies.
  r.post('/internal/signature-requests/withdraw-of-contact', async (ctx) => {
    requireSystem(ctx);
    const { userId, companyIds } = parseBody(ContactSignaturesQuerySchema, ctx.request.body);
    const ids = await endSignatureRequests(
      db,
      (q) =>
        q
          .whereIn('company_id', companyIds)
          .whereExists(db('signature_signers').whereRaw('signature_signers.request_id = signature_requests.id').where({ user_id: userId, state: 'waiting' })),
      'withdrawn',
      'offboarding',
    );
    ctx.body = { signatureRequestIds: ids } satisfies Plain<WithdrawnSignatureRequests>;
  });
  return r;
}
