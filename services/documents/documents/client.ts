import Router from '@koa/router';
import { recordEvent } from '../../../internal/outbox.js';
import type { Knex } from 'knex';
import type { Context } from 'koa';
import { randomUUID } from 'node:crypto';
import { conflict, notFound } from '../../../lib/errors.js';
import { isUuid } from '../../../lib/http.js';
import { receiveFile, sendFile } from '../../../lib/files/receive.js';
import type { FileRules } from '../../../lib/files/rules.js';
import type { FileStore } from '../../../lib/files/store.js';
import { isoTimeOrNull, type Plain } from '../../../internal/messages.js';
import { requireClient } from '../../../internal/service-app.js';
import { parseBody } from '../../../lib/validate.js';
import { type ClientDocumentList, DocumentResponseInputSchema } from '../../../proto/gen/extranet/v1/documents_pb.js';
import { scoped } from '../scope.js';
import { type ClientActor, clientCard, visibleDocument } from './card.js';
import { declineSignature } from '../signatures/sign.js';

type Row = Record<string, any>;

/** The client's side of documents: the card of a published document of their scope, their responses, the files. */
export function clientDocumentRoutes(db: Knex, store: FileStore, rules: FileRules): Router {
  const r = new Router();
  const visible = (ctx: Context, client: ClientActor) => visibleDocument(db, ctx, client);
  const card = (d: Row, client: ClientActor) => clientCard(db, d, client);

  // What the gateway checks before it streams a file here (this service checks it again); the team's and the clients'.
  r.get('/file-rules', (ctx) => {
    ctx.body = { maxBytes: rules.maxBytes, types: rules.types };
  });

  r.get('/portal/documents', async (ctx) => {
    const client = requireClient(ctx);
    const rows = await scoped(db('documents'), client).orderBy('published_at', 'desc');
    ctx.body = {
      documents: rows.map((d: Row) => ({
        id: d.id,
        companyId: d.company_id,
        title: d.title,
        status: d.status,
        expectedAction: d.expected_action,
        publishedAt: isoTimeOrNull(d.published_at) ?? undefined,
        requestId: (d.request_id as string | null) ?? undefined,
      })),
    } satisfies Plain<ClientDocumentList>;
  });

  r.get('/portal/documents/:id', async (ctx) => {
    const client = requireClient(ctx);
    ctx.body = await card(await visible(ctx, client), client);
  });

  /** Records a response on the latest version, if the card offers it now (409 otherwise: done already, or not asked). */
  async function respond(d: Row, client: ClientActor, action: string, record: (versionId: string) => Promise<void>) {
    const now = await card(d, client);
    if (!now.actions.includes(action)) throw conflict('action_not_open', `this document does not ask you to do that now`, { field: 'kind' });
    try {
      await record(now.versions[0]!.id);
    } catch (err) {
      // The same client answering twice at once: the second finds the first (one answer per version and client).
      if ((err as { code?: string }).code === '23505') throw conflict('action_not_open', 'you have already answered this version', { field: 'kind' });
      throw err;
    }
  }

  r.post('/portal/documents/:id/responses', async (ctx) => {
    const client = requireClient(ctx);
    const d = await visible(ctx, client);
    const input = parseBody(DocumentResponseInputSchema, ctx.request.body);
    const reason = input.kind === 'declined' ? input.reason.trim() : '';
    let changed: string[] = [];
    await respond(d, client, input.kind, (versionId) =>
      db.transaction(async (tx) => {
        await tx('document_responses').insert({
          id: randomUUID(),
          document_id: d.id,
          version_id: versionId,
          kind: input.kind,
          user_id: client.id,
          contact_id: client.contactId,
          user_name: client.name,
          reason,
        });
        // A signer's decline stops the signature request at once: nobody can sign after it.
        if (d.expected_action === 'sign') changed = await declineSignature(tx, d.id, client.id, reason);
        await recordEvent(tx, { kind: 'document_response', companyId: d.company_id, documentId: d.id, actorId: client.id });
      }),
    );
    ctx.status = 201;
    ctx.body = { ...(await card(d, client)), signatureRequestsChanged: changed };
  });

  // The file the team asked for; the body is the file.
  r.post('/portal/documents/:id/attachments', async (ctx) => {
    const client = requireClient(ctx);
    const d = await visible(ctx, client);
    if (!(await card(d, client)).actions.includes('attach'))
      throw conflict('action_not_open', 'this document does not ask you for a file now', { field: 'file' });
    const fileId = randomUUID();
    const file = await receiveFile(ctx, store, rules, `documents/${d.id}/${fileId}`);
    try {
      await respond(d, client, 'attach', (versionId) =>
        db.transaction(async (tx) => {
          await tx('document_files').insert({
            id: fileId,
            document_id: d.id,
            storage_key: file.key,
            name: file.name,
            content_type: file.contentType,
            size: file.size,
            sha256: file.sha256,
          });
          await tx('document_responses').insert({
            id: randomUUID(),
            document_id: d.id,
            version_id: versionId,
            kind: 'attached',
            user_id: client.id,
            contact_id: client.contactId,
            user_name: client.name,
            file_id: fileId,
          });
          await recordEvent(tx, { kind: 'document_response', companyId: d.company_id, documentId: d.id, actorId: client.id });
        }),
      );
    } catch (err) {
      await store.delete(file.key);
      throw err;
    }
    ctx.status = 201;
    ctx.body = await card(d, client);
  });

  // A version's file, or a file this client attached.
  r.get('/portal/documents/:id/files/:fileId', async (ctx) => {
    const client = requireClient(ctx);
    const d = await visible(ctx, client);
    if (!isUuid(ctx.params.fileId)) throw notFound('file');
    const f = await db('document_files')
      .where({ id: ctx.params.fileId, document_id: d.id })
      .where((w) =>
        w
          .whereNotNull('version_id')
          .orWhereExists(db('document_responses').whereRaw('document_responses.file_id = document_files.id').where({ user_id: client.id })),
      )
      .first();
    if (!f) throw notFound('file');
    await sendFile(ctx, store, f);
  });
  return r;
}
