import Router from '@koa/router';
import { recordEvent } from '../../../internal/outbox.js';
import type { Knex } from 'knex';
import type { Context } from 'koa';
import { randomUUID } from 'node:crypto';
import { forbidden, notFound, unprocessable } from '../../../lib/errors.js';
import { isUuid } from '../../../lib/http.js';
import { receiveFile, sendFile } from '../../../lib/files/receive.js';
import type { FileRules } from '../../../lib/files/rules.js';
import type { FileStore } from '../../../lib/files/store.js';
import { governedOf, governedOnly, mayGovern } from '../../../internal/governed.js';
import type { Plain } from '../../../internal/messages.js';
import { requireStaff } from '../../../internal/service-app.js';
import { parseBody, parseQuery } from '../../../lib/validate.js';
import { DocumentInputSchema, type TeamDocumentList, TeamDocumentQuerySchema } from '../../../proto/gen/extranet/v1/documents_pb.js';
import { awaits, documentHead, teamDetail } from '../views.js';
import { governedDocument as governed } from '../governed.js';
import { endSignatureRequests } from '../signatures/end.js';

/**
 * The team's side of documents: drafts, versions (a new file makes a new
 * version), publishing and unpublishing, for the companies the employee may
 * govern (the gateway names them; every query here is limited to them). The
 * gateway checks first what only policy and requests know: that the contact
 * is the company's, that a request is, and who would see the document.
 */
export function teamDocumentRoutes(db: Knex, store: FileStore, rules: FileRules): Router {
  const r = new Router();

  const governedDocument = (ctx: Context) => governed(db, ctx);
  const detailOf = async (id: string) => teamDetail(db, await db('documents').where({ id }).first());

  r.get('/documents', async (ctx) => {
    requireStaff(ctx);
    const q = parseQuery(TeamDocumentQuerySchema, ctx.query as Record<string, string>);
    const rows: Record<string, any>[] = await governedOnly(db('documents'), governedOf(ctx), 'documents.company_id')
      .modify((b) => {
        if (q.companyId) b.where('company_id', q.companyId);
        if (q.status) b.where('status', q.status);
        if (q.requestId) b.where('request_id', q.requestId);
      })
      .orderBy('created_at', 'desc')
      .limit(500);
    const ids = rows.map((d: Record<string, any>) => d.id as string);
    const [versions, responses, signing] = await Promise.all([
      ids.length ? db('document_versions').whereIn('document_id', ids).orderBy('number', 'desc') : [],
      ids.length ? db('document_responses').whereIn('document_id', ids) : [],
      ids.length ? db('signature_requests').whereIn('document_id', ids).where({ status: 'pending' }).pluck('document_id') : ([] as string[]),
    ]);
    const documents = (rows as Record<string, any>[])
      .map((d) => {
        const latest = versions.find((v) => v.document_id === d.id);
        return {
          ...documentHead(d),
          pendingAction: awaits(
            d,
            latest,
            responses.filter((x) => x.document_id === d.id),
            undefined,
            signing.includes(d.id),
          ),
          latestVersion: latest?.number ?? 0,
        };
      })
      .filter((d) => !q.pendingAction || d.pendingAction);
    ctx.body = { documents } satisfies Plain<TeamDocumentList>;
  });

  r.post('/documents', async (ctx) => {
    const actor = requireStaff(ctx);
    const input = parseBody(DocumentInputSchema, ctx.request.body);
    if (!mayGovern(governedOf(ctx), input.companyId)) throw forbidden('you may not publish documents for this company');
    const id = randomUUID();
    await db('documents').insert({
      id,
      company_id: input.companyId,
      contact_id: input.contactId || null,
      title: input.title,
      description: input.description,
      expected_action: input.expectedAction,
      request_id: input.requestId || null,
      status: 'draft',
      created_by: actor.id,
    });
    ctx.status = 201;
    ctx.body = await detailOf(id);
  });

  r.get('/documents/:id', async (ctx) => {
    ctx.body = await teamDetail(db, (await governedDocument(ctx)).d);
  });

  // The body is the file; it becomes the next version.
  r.post('/documents/:id/versions', async (ctx) => {
    const { actor, d } = await governedDocument(ctx);
    const fileId = randomUUID();
    const file = await receiveFile(ctx, store, rules, `documents/${d.id}/${fileId}`);
    let changed: string[];
    try {
      changed = await db.transaction(async (tx) => {
        // One version at a time per document: the row lock orders concurrent uploads.
        const locked = await tx('documents').where({ id: d.id }).forUpdate().first();
        const last = await tx('document_versions').where({ document_id: d.id }).max({ n: 'number' }).first();
        const versionId = randomUUID();
        const name = actor.kind === 'employee' ? actor.name : actor.id;
        await tx('document_versions').insert({ id: versionId, document_id: d.id, number: (last?.n ?? 0) + 1, created_by_name: name });
        await tx('document_files').insert({
          id: fileId,
          document_id: d.id,
          version_id: versionId,
          storage_key: file.key,
          name: file.name,
          content_type: file.contentType,
          size: file.size,
          sha256: file.sha256,
        });
        await tx('documents').where({ id: d.id }).update({ updated_at: tx.fn.now() });
        // A new version of a published document asks the client again.
        if (locked.status === 'published' && locked.expected_action !== 'none')
          await recordEvent(tx, { kind: 'document_action', companyId: locked.company_id, documentId: d.id, actorId: actor.id });
        // A signature is for an exact version: a new one withdraws what was pending on the old.
        return endSignatureRequests(tx, (q) => q.where({ document_id: d.id }), 'withdrawn', 'new_version');
      });
    } catch (err) {
      await store.delete(file.key);
      throw err;
    }
    ctx.status = 201;
    ctx.body = { ...(await detailOf(d.id)), signatureRequestsChanged: changed };
  });

  r.post('/documents/:id/publish', async (ctx) => {
    const { actor, d } = await governedDocument(ctx);
    if (!(await db('document_versions').where({ document_id: d.id }).first()))
      throw unprocessable('versions', 'upload the document’s file before publishing it');
    if (ctx.query.dryRun !== 'true')
      await db.transaction(async (tx) => {
        await tx('documents').where({ id: d.id }).update({ status: 'published', published_at: tx.fn.now(), updated_at: tx.fn.now() });
        const kind = d.expected_action === 'none' ? 'document_published' : 'document_action';
        await recordEvent(tx, { kind, companyId: d.company_id, documentId: d.id, actorId: actor.id });
      });
    ctx.body = await detailOf(d.id);
  });

  // Clients stop seeing it on their next request.
  r.post('/documents/:id/unpublish', async (ctx) => {
    const { d } = await governedDocument(ctx);
    await db('documents').where({ id: d.id }).update({ status: 'withdrawn', updated_at: db.fn.now() });
    ctx.body = await detailOf(d.id);
  });

  r.get('/documents/:id/files/:fileId', async (ctx) => {
    const { d } = await governedDocument(ctx);
    if (!isUuid(ctx.params.fileId)) throw notFound('file');
    const f = await db('document_files').where({ id: ctx.params.fileId, document_id: d.id }).first();
    if (!f) throw notFound('file');
    await sendFile(ctx, store, f);
  });
  return r;
}
