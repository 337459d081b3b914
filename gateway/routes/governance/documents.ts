import type Router from '@koa/router';
import type { Context } from 'koa';
import { unprocessable } from '../../../lib/errors.js';
import { parseBody, parseQuery } from '../../../lib/validate.js';
import { DocumentInputSchema, TeamDocumentQuerySchema } from '../../../proto/gen/extranet/v1/documents_pb.js';
import { callerOf, relay, type Upstream } from '../../upstream.js';
import { relayDownload, relayUpload, wantsInline } from '../files.js';
import { preview, uuidParam } from '../params.js';
import type { GovernanceDeps } from './deps.js';

/** The document of the path, once the employee is known to govern its company. */
export async function governedDocumentOf(ctx: Context, { policy, documents }: Upstream) {
  const id = uuidParam(ctx, 'id', 'document');
  const facts = await relay(documents.documentFacts(documents.system, id));
  await relay(policy.authorizeCompany(callerOf(ctx), facts.companyId));
  return { id, facts, governed: await relay(policy.governedCompanies(callerOf(ctx))) };
}

/**
 * Documents the team publishes: drafts for a company or one of its contacts,
 * versions (each upload a new one), the pre-publish preview of exactly who
 * will see it (policy answers with the portal's own scope code), publish and
 * unpublish. The rights over the document's company are checked first; the
 * documents service limits every query to the companies policy names.
 */
export function documentRoutes(gov: Router, { upstream, workflows }: GovernanceDeps) {
  const { policy, requests, documents } = upstream;
  const governed = (ctx: Context) => relay(policy.governedCompanies(callerOf(ctx)));
  const governedDocument = (ctx: Context) => governedDocumentOf(ctx, upstream);

  gov.get('/documents', async (ctx) => {
    const query = parseQuery(TeamDocumentQuerySchema, ctx.query as Record<string, string>);
    ctx.body = await relay(documents.teamDocuments(callerOf(ctx), await governed(ctx), query));
  });

  gov.post('/documents', async (ctx) => {
    const input = parseBody(DocumentInputSchema, ctx.request.body);
    await relay(policy.authorizeCompany(callerOf(ctx), input.companyId));
    if (input.contactId) {
      const { contacts } = await relay(policy.contacts(callerOf(ctx), input.companyId));
      if (!contacts.some((c) => c.id === input.contactId)) throw unprocessable('contactId', 'the contact is not one of the company’s');
    }
    if (input.requestId) {
      const request = await requests.requestFacts(requests.system, input.requestId).catch(() => undefined);
      if (request?.companyId !== input.companyId) throw unprocessable('requestId', 'requestId names no request of this company');
    }
    const { $typeName: _, ...body } = input;
    ctx.status = 201;
    ctx.body = await relay(documents.createDocument(callerOf(ctx), await governed(ctx), body));
  });

  gov.get('/documents/:id', async (ctx) => {
    const { id, governed: who } = await governedDocument(ctx);
    ctx.body = await relay(documents.teamDocument(callerOf(ctx), who, id));
  });

  gov.post('/documents/:id/versions', async (ctx) => {
    const { id, governed: who } = await governedDocument(ctx);
    const rules = await relay(documents.fileRules(callerOf(ctx)));
    const detail = await relayUpload(ctx, rules, (part) => documents.addVersion(callerOf(ctx), who, id, part));
    // A new version withdrew the pending signature requests: their workflows end now.
    await workflows.wakeSignatures(detail.signatureRequestsChanged);
    ctx.body = detail;
    ctx.status = 201;
  });

  // The preview answers who would see it and writes nothing; publishing checks the same first.
  gov.post(['/documents/:id/publish', '/documents/:id/publish/preview'], async (ctx) => {
    const { id, facts, governed: who } = await governedDocument(ctx);
    const { audience } = await relay(policy.documentAudience(callerOf(ctx), { companyId: facts.companyId, contactId: facts.contactId ?? '' }));
    const document = await relay(documents.publish(callerOf(ctx), who, id, preview(ctx)));
    ctx.body = { ...document, audience };
  });

  gov.post('/documents/:id/unpublish', async (ctx) => {
    const { id, governed: who } = await governedDocument(ctx);
    ctx.body = await relay(documents.unpublish(callerOf(ctx), who, id));
  });

  gov.get('/documents/:id/files/:fileId', async (ctx) => {
    const { id, governed: who } = await governedDocument(ctx);
    relayDownload(ctx, await relay(documents.teamFile(callerOf(ctx), who, id, uuidParam(ctx, 'fileId', 'file'))), wantsInline(ctx));
  });
}
