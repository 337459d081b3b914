import Router from '@koa/router';
import type { Knex } from 'knex';
import { unprocessable } from '../../../lib/errors.js';
import { requireStaff } from '../../../internal/service-app.js';
import type { Plain } from '../../../internal/messages.js';
import { parseBody } from '../../../lib/validate.js';
import { type DocumentAudience, DocumentAudienceQuerySchema } from '../../../proto/gen/extranet/v1/policy_pb.js';
import { findCompany } from '../directory/directory.js';
import { assertMayGrant } from './rights.js';
import { effectiveFor, loadAccessState } from './scope.js';

/**
 * Who would see a document published for a company (and, optionally, one of
 * its contacts): the portal users of active links to that company whose
 * effective policy there includes documents — the same scope code the portal
 * runs. Refuses, naming the field, a contact that is not the company's and a
 * company whose extranet is switched off.
 */
export function audienceRoutes(db: Knex): Router {
  const r = new Router();
  r.post('/document-audience', async (ctx) => {
    const actor = requireStaff(ctx);
    const query = parseBody(DocumentAudienceQuerySchema, ctx.request.body);
    const company = await findCompany(db, query.companyId);
    await assertMayGrant(db, actor, [company.id]);
    if (!company.extranet_enabled) throw unprocessable('companyId', `the extranet is switched off for ${company.name}: no client would see the document`);
    if (query.contactId && !(await db('company_contacts').where({ company_id: company.id, contact_id: query.contactId }).first()))
      throw unprocessable('contactId', `the contact is not one of ${company.name}'s`);
    const state = await loadAccessState(db, (q) =>
      q.where('links.status', 'active').whereExists(db('link_companies').whereRaw('link_companies.link_id = links.id').where({ company_id: company.id })),
    );
    const audience = [...state.links.values()]
      .filter((l) => !query.contactId || l.contactId === query.contactId)
      .filter((l) => effectiveFor(state, l.id, company.id).permissions.includes('documents'))
      .map((l) => ({ userId: l.userId, linkId: l.id, contactId: l.contactId, name: state.contacts.get(l.contactId)?.name ?? '' }))
      .sort((a, b) => a.name.localeCompare(b.name));
    ctx.body = { audience } satisfies Plain<DocumentAudience>;
  });
  return r;
}
