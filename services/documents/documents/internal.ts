import Router from '@koa/router';
import type { Knex } from 'knex';
import { notFound } from '../../../lib/errors.js';
import { isUuid } from '../../../lib/http.js';
import type { CompanyScope } from '../../../internal/actor.js';
import { isoTime, type Plain } from '../../../internal/messages.js';
import { requireSystem } from '../../../internal/service-app.js';
import { parseBody } from '../../../lib/validate.js';
import type { CompanyScope as ProtoCompanyScope } from '../../../proto/gen/extranet/v1/common_pb.js';
import {
  type DocumentFacts,
  DocumentVisibilityQuerySchema,
  type DocumentVisibilityValid,
  type OpenDocuments,
  OpenDocumentsQuerySchema,
} from '../../../proto/gen/extranet/v1/documents_pb.js';
import { scoped } from '../scope.js';
import { onTurn } from '../signatures/views.js';
import { awaits } from '../views.js';

/** What other processes ask: impact previews and diagnostics (policy). */
export function internalDocumentRoutes(db: Knex): Router {
  const r = new Router();
  // Impact preview: which documents a scope change makes visible or invisible to a contact.
  r.post('/internal/visibility', async (ctx) => {
    requireSystem(ctx);
    const { contactId, before, after } = parseBody(DocumentVisibilityQuerySchema, ctx.request.body);
    // The permissions are Permission values: the `in` rule of CompanyScope.permissions checked them.
    const ids = async (companies: Plain<ProtoCompanyScope>[]) =>
      (await scoped(db('documents').select('documents.id as id'), { companies: companies as CompanyScope[], contactId }).orderBy('id')).map(
        (x: { id: string }) => x.id as string,
      );
    const [b, a] = await Promise.all([ids(before), ids(after)]);
    ctx.body = {
      documents: { gained: a.filter((x: string) => !b.includes(x)), lost: b.filter((x: string) => !a.includes(x)) },
    } satisfies Plain<DocumentVisibilityValid>;
  });

  // Diagnostics: the facts of one document that decide who sees it.
  r.get('/internal/documents/:id', async (ctx) => {
    requireSystem(ctx);
    if (!isUuid(ctx.params.id)) throw notFound('document');
    const d = await db('documents').where({ id: ctx.params.id }).first();
    if (!d) throw notFound('document');
    ctx.body = {
      id: d.id,
      title: d.title,
      companyId: d.company_id,
      contactId: d.contact_id,
      status: d.status,
      expectedAction: d.expected_action,
      createdBy: d.created_by,
    } satisfies Plain<DocumentFacts>;
  });

  // Before a collaboration ends: what its client is still asked to do in its companies (a published document
  // awaiting their answer on its latest version; a pending signature request where they have still to sign).
  r.post('/internal/open-documents', async (ctx) => {
    requireSystem(ctx);
    const { userId, contactId, companies } = parseBody(OpenDocumentsQuerySchema, ctx.request.body);
    const companyIds = companies.map((c) => c.companyId);
    const [docs, requests] = await Promise.all([
      // What the client's scope reaches (the portal's own filter), asking them for an answer.
      scoped(db('documents'), { companies: companies as CompanyScope[], contactId })
        .whereIn('expected_action', ['review', 'approve', 'attach'])
        .orderBy('published_at'),
      db('signature_requests')
        .join('documents', 'documents.id', 'signature_requests.document_id')
        .where('signature_requests.status', 'pending')
        .whereIn('signature_requests.company_id', companyIds)
        .whereExists(db('signature_signers').whereRaw('signature_signers.request_id = signature_requests.id').where({ user_id: userId, state: 'waiting' }))
        .select('signature_requests.*', 'documents.title')
        .orderBy('signature_requests.deadline_at'),
    ]);
    // Every document's versions and the client's own answers, in two reads for all of them.
    const ids = docs.map((d: Record<string, any>) => d.id as string);
    const [versions, responses] = await Promise.all([
      db('document_versions').whereIn('document_id', ids).orderBy('number', 'desc'),
      db('document_responses').whereIn('document_id', ids).where({ user_id: userId }),
    ]);
    const actions = [];
    for (const d of docs) {
      const latest = versions.find((v) => v.document_id === d.id);
      const mine = responses.filter((x) => x.document_id === d.id);
      if (awaits(d, latest, mine, userId))
        actions.push({ documentId: d.id, title: d.title, companyId: d.company_id, expectedAction: d.expected_action, versionNumber: latest.number });
    }
    const signers = requests.length
      ? await db('signature_signers').whereIn(
          'request_id',
          requests.map((x) => x.id),
        )
      : [];
    ctx.body = {
      actions,
      signatures: requests.map((x) => ({
        signatureRequestId: x.id,
        documentId: x.document_id,
        title: x.title,
        companyId: x.company_id,
        deadlineAt: isoTime(x.deadline_at),
        turn: onTurn(
          x,
          signers.filter((s) => s.request_id === x.id),
        ).has(userId),
      })),
    } satisfies Plain<OpenDocuments>;
  });

  return r;
}
