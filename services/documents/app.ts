import Router from '@koa/router';
import type { Knex } from 'knex';
import { createServiceApp, isUuid, requireClient, requireStaff } from '../../lib/http.js';
import { notFound, unprocessable } from '../../lib/errors.js';
import type { Actor } from '../../lib/internal-token.js';
import type { DocumentsConfig } from './config.js';

type Client = Extract<Actor, { kind: 'client' }>;

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

const view = (d: Record<string, unknown>) => ({ id: d.id, companyId: d.company_id, title: d.title, status: d.status, expectedAction: d.expected_action, publishedAt: d.published_at });

/** The documents service: documents published for clients. */
export function createDocumentsApp(db: Knex, config: DocumentsConfig) {
  const r = new Router();

  r.get('/documents', async (ctx) => {
    requireStaff(ctx);
    const companyId = ctx.query.companyId;
    if (companyId !== undefined && !isUuid(companyId)) throw unprocessable('companyId', 'companyId must be a uuid');
    const rows = await db('documents').modify((b) => (companyId ? b.where({ company_id: companyId }) : b)).orderBy('created_at', 'desc');
    ctx.body = { documents: rows.map((d: Record<string, unknown>) => ({ ...view(d), contactId: d.contact_id })) };
  });

  r.get('/portal/documents', async (ctx) => {
    const client = requireClient(ctx);
    ctx.body = { documents: (await scoped(db('documents'), client).orderBy('published_at', 'desc')).map(view) };
  });

  r.get('/portal/documents/:id', async (ctx) => {
    const client = requireClient(ctx);
    if (!isUuid(ctx.params.id)) throw notFound('document');
    const row = await scoped(db('documents').where({ id: ctx.params.id }), client).first();
    if (!row) throw notFound('document');
    ctx.body = view(row);
  });

  return createServiceApp(config.internalSecret, [r]);
}
