import Router from '@koa/router';
import type { Knex } from 'knex';
import { clientAccessCheck } from '../../internal/client-access.js';
import { governedOf, governedOnly } from '../../internal/governed.js';
import { createServiceApp, requireClient, requireStaff, requireSystem } from '../../internal/service-app.js';
import { isUuid } from '../../lib/http.js';
import { notFound, unprocessable } from '../../lib/errors.js';
import type { Actor, CompanyScope } from '../../internal/actor.js';
import { isoTimeOrNull, type Plain } from '../../internal/messages.js';
import {
  DocumentVisibilityQuerySchema,
  type ClientDocument,
  type ClientDocumentList,
  type DocumentFacts,
  type DocumentVisibilityValid,
  type TeamDocumentList,
} from '../../proto/gen/extranet/v1/documents_pb.js';
import type { CompanyScope as ProtoCompanyScope } from '../../proto/gen/extranet/v1/common_pb.js';
import { parseBody } from '../../lib/validate.js';
import type { DocumentsConfig } from './config.js';

type Client = Pick<Extract<Actor, { kind: 'client' }>, 'companies' | 'contactId'>;

/**
 * A client sees a document only when it is published, belongs to one of their
 * companies whose effective policy includes documents, and is for the whole
 * company or for their own contact. All of it is in the WHERE clause.
 */
function scoped(q: Knex.QueryBuilder, client: Client) {
  const companies = client.companies.filter((c) => c.permissions.includes('documents')).map((c) => c.companyId);
  if (!companies.length) return q.whereRaw('false');
  return q
    .where('status', 'published')
    .whereIn('company_id', companies)
    .where((w) => w.whereNull('contact_id').orWhere('contact_id', client.contactId));
}

const view = (d: Record<string, any>): Plain<ClientDocument> => ({
  id: d.id,
  companyId: d.company_id,
  title: d.title,
  status: d.status,
  expectedAction: d.expected_action,
  publishedAt: isoTimeOrNull(d.published_at),
});

/** The documents service: documents published for clients. */
export function createDocumentsApp(db: Knex, config: DocumentsConfig) {
  const r = new Router();

  // The team's list: the documents of the companies the employee may govern (the gateway names them).
  r.get('/documents', async (ctx) => {
    requireStaff(ctx);
    const companyId = ctx.query.companyId;
    if (companyId !== undefined && !isUuid(companyId)) throw unprocessable('companyId', 'companyId must be a uuid');
    const rows = await governedOnly(db('documents'), governedOf(ctx), 'documents.company_id')
      .modify((b) => (companyId ? b.where({ company_id: companyId }) : b))
      .orderBy('created_at', 'desc');
    ctx.body = { documents: rows.map((d: Record<string, any>) => ({ ...view(d), contactId: d.contact_id ?? undefined })) } satisfies Plain<TeamDocumentList>;
  });

  r.get('/portal/documents', async (ctx) => {
    const client = requireClient(ctx);
    ctx.body = { documents: (await scoped(db('documents'), client).orderBy('published_at', 'desc')).map(view) } satisfies Plain<ClientDocumentList>;
  });

  r.get('/portal/documents/:id', async (ctx) => {
    const client = requireClient(ctx);
    if (!isUuid(ctx.params.id)) throw notFound('document');
    const row = await scoped(db('documents').where({ id: ctx.params.id }), client).first();
    if (!row) throw notFound('document');
    ctx.body = view(row);
  });

  // Impact preview: which documents a scope change makes visible or invisible to a contact.
  r.post('/internal/visibility', async (ctx) => {
    requireSystem(ctx);
    const { contactId, before, after } = parseBody(DocumentVisibilityQuerySchema, ctx.request.body);
    // The permissions are Permission values: the `in` rule of CompanyScope.permissions checked them.
    const ids = async (companies: Plain<ProtoCompanyScope>[]) =>
      (await scoped(db('documents').select('id'), { companies: companies as CompanyScope[], contactId }).orderBy('id')).map(
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
    ctx.body = { id: d.id, title: d.title, companyId: d.company_id, contactId: d.contact_id, status: d.status } satisfies Plain<DocumentFacts>;
  });

  return createServiceApp('documents', config.internalSecret, [r], clientAccessCheck(db));
}
