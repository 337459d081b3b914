import Router from '@koa/router';
import type { Knex } from 'knex';
import { isUuid } from '../../../lib/http.js';
import { requireStaff, requireSystem } from '../../../internal/service-app.js';
import { HttpError, notFound } from '../../../lib/errors.js';
import { findLink } from '../links/details.js';
import { loadAccessState, loadActiveScope, scopeOf } from './scope.js';
import type { Plain } from '../../../internal/messages.js';
import type { ClientScopeValid, LinkScope } from '../../../proto/gen/extranet/v1/policy_pb.js';

/** What a client can reach: the gateway's per-request scope, and one link's scope for "view as this client". */
export function scopeRoutes(db: Knex): Router {
  const r = new Router();
  // The caller's scope for the gateway: the user's active link and, per company, the effective policy.
  r.get('/scopes/:userId', async (ctx) => {
    requireSystem(ctx);
    if (!isUuid(ctx.params.userId)) throw notFound('scope');
    const found = await loadActiveScope(db, ctx.params.userId);
    if (!found) throw new HttpError(403, 'no_active_link', 'extranet access is not active for this user');
    const contact = found.state.contacts.get(found.contactId)!;
    ctx.body = {
      linkId: found.linkId,
      contactId: found.contactId,
      contact: { id: contact.id, firstName: contact.firstName, lastName: contact.lastName, email: contact.email },
      defaultCompanyId: found.defaultCompanyId,
      companies: found.scope.map((s) => ({ ...s, name: found.state.companies.get(s.companyId)!.name })),
      accessEpoch: found.accessEpoch,
    } satisfies Plain<ClientScopeValid>;
  });

  r.get('/links/:id/scope', async (ctx) => {
    const link = await findLink(db, ctx.params.id, requireStaff(ctx));
    const state = await loadAccessState(db, (q) => q.where({ id: link.id }));
    ctx.body = {
      linkId: link.id,
      userId: link.user_id,
      contactId: link.contact_id,
      status: link.status,
      companies: scopeOf(state, link.id),
    } satisfies Plain<LinkScope>;
  });
  return r;
}
