import type Router from '@koa/router';
import type { Context } from 'koa';
import type { DocumentsClient } from '../../../internal/clients/documents.js';
import { callerOf, relay } from '../../upstream.js';
import { relayDownload, relayUpload, wantsInline } from '../files.js';
import { uuidParam } from '../params.js';

/** A document's files for the client who sees it (inline for a PDF or an image with `?inline=1`), and the file a document asks them for. */
export function documentFileRoutes(files: Router, documents: DocumentsClient) {
  const id = (ctx: Context) => uuidParam(ctx, 'id', 'document');
  files.get('/documents/:id/files/:fileId', async (ctx) => {
    const res = await relay(documents.clientFile(callerOf(ctx), id(ctx), uuidParam(ctx, 'fileId', 'file')));
    relayDownload(ctx, res, wantsInline(ctx));
  });
  files.post('/documents/:id/attachments', async (ctx) => {
    const documentId = id(ctx);
    const rules = await relay(documents.fileRules(callerOf(ctx)));
    ctx.body = await relayUpload(ctx, rules, (part) => documents.attachRequested(callerOf(ctx), documentId, part));
    ctx.status = 201;
  });
}
