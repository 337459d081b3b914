import Router from '@koa/router';
import type { Knex } from 'knex';
import { notFound } from '../../../lib/errors.js';
import { isUuid } from '../../../lib/http.js';
import type { CompanyScope } from '../../../internal/actor.js';
import type { Plain } from '../../../internal/messages.js';
import { requireSystem } from '../../../internal/service-app.js';
import { parseBody } from '../../../lib/validate.js';
import type { CompanyScope as ProtoCompanyScope } from '../../../proto/gen/extranet/v1/common_pb.js';
import { type DocumentFacts, DocumentVisibilityQuerySchema, type DocumentVisibilityValid } from '../../../proto/gen/extranet/v1/documents_pb.js';
import { scoped } from '../scope.js';

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

  return r;
}
