import Router from '@koa/router';
import type { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { isUuid } from '../../../lib/http.js';
import { requireStaff } from '../../../internal/service-app.js';
import { HttpError, conflict, notFound, unprocessable } from '../../../lib/errors.js';
import { ServiceError } from '../../../internal/client.js';
import { parseBody } from '../../../lib/validate.js';
import { LinkReviewRequestSchema } from '../../../proto/gen/extranet/v1/governance_pb.js';
import { assertMayGovernLink, assertMayGrant, type Staff } from '../access/rights.js';
import { companyView, contactView } from '../directory/directory.js';
import type { Answer, Plain } from '../../../internal/messages.js';
import type { IdentityClient } from '../../../internal/clients/identity.js';
import type { ConfirmedReviewValid, LinkReviewValid } from '../../../proto/gen/extranet/v1/policy_pb.js';

/**
 * One portal user belongs to one person: the user has no other live link, the
 * contact no other user with one, and the caller may govern every company the
 * user was ever linked for (so nobody links another team's client account).
 */
export async function assertLinkable(db: Knex, actor: Staff, userId: string, contactId: string): Promise<void> {
  const userLinks: Record<string, any>[] = await db('links').where({ user_id: userId });
  const userLive = userLinks.find((l) => l.status !== 'revoked');
  if (userLive)
    throw conflict('user_linked', `${userLive.user_snapshot.login} already has a link; one portal user belongs to one person`, {
      field: 'userId',
      linkId: userLive.id,
    });
  const contactLive = await db('links').where({ contact_id: contactId }).whereNot({ status: 'revoked' }).first();
  if (contactLive)
    throw conflict('contact_linked', `this contact is already linked to the portal user ${contactLive.user_snapshot.login}`, {
      field: 'contactId',
      linkId: contactLive.id,
      login: contactLive.user_snapshot.login,
    });
  for (const l of userLinks) await assertMayGovernLink(db, actor, l.id);
}

/** The link wizard's review (steps 2–3) and its confirmation (step 4). */
export function reviewRoutes(db: Knex, identity: IdentityClient, reviewLifetimeSeconds: number): Router {
  const r = new Router();
  // Wizard steps 2–3: check the combination and keep it as a review to confirm.
  r.post('/link-reviews', async (ctx) => {
    const actor = requireStaff(ctx);
    const body = parseBody(LinkReviewRequestSchema, ctx.request.body);
    let user: Answer<IdentityClient['user']>;
    try {
      user = await identity.user(actor, body.userId);
    } catch (err) {
      if (err instanceof ServiceError && err.status === 404) throw unprocessable('userId', 'userId names no portal user');
      throw err;
    }
    const contact = await db('contacts').where({ id: body.contactId }).first();
    if (!contact) throw unprocessable('contactId', 'contactId names no CRM contact');
    const companies = await db('companies').whereIn('id', body.companyIds);
    const missing = body.companyIds.filter((id) => !companies.some((c) => c.id === id));
    if (missing.length) throw unprocessable('companyIds', `companyIds names unknown companies: ${missing.join(', ')}`);
    const agency = companies.find((c) => c.kind !== 'client');
    if (agency) throw unprocessable('companyIds', `${agency.name} is not a client company`);
    const off = companies.filter((c) => !c.extranet_enabled);
    if (off.length)
      throw unprocessable('companyIds', `extranet access is switched off for ${off.map((c) => c.name).join(', ')}; an administrator can switch it on`);
    await assertMayGrant(db, actor, body.companyIds);
    const memberOf = (await db('company_contacts').where({ contact_id: body.contactId }).whereIn('company_id', body.companyIds)).map((m) => m.company_id);
    const foreign = companies.filter((c) => !memberOf.includes(c.id));
    if (foreign.length) throw unprocessable('companyIds', `the contact is not a contact of ${foreign.map((c) => c.name).join(', ')}`);
    await assertLinkable(db, actor, body.userId, body.contactId);
    const id = randomUUID();
    await db('link_reviews').insert({
      id,
      user_id: body.userId,
      contact_id: body.contactId,
      company_ids: body.companyIds,
      default_company_id: body.defaultCompanyId,
      user_snapshot: JSON.stringify(user),
      created_by: actor.id,
    });
    ctx.status = 201;
    ctx.body = {
      reviewId: id,
      user,
      contact: contactView(contact),
      companies: body.companyIds.map((cid) => companyView(companies.find((c) => c.id === cid))),
      defaultCompanyId: body.defaultCompanyId,
    } satisfies Plain<LinkReviewValid>;
  });

  // Wizard step 4: the confirming employee's rights, the review's age and the one-person rule are checked again now.
  r.post('/link-reviews/:id/confirm', async (ctx) => {
    const actor = requireStaff(ctx);
    if (!isUuid(ctx.params.id)) throw notFound('review');
    const rev = await db('link_reviews').where({ id: ctx.params.id }).first();
    if (!rev) throw notFound('review');
    await assertMayGrant(db, actor, rev.company_ids);
    const linked = await db('links').where({ id: rev.id }).first();
    if (!linked) {
      const ageSeconds = (Date.now() - new Date(rev.created_at).getTime()) / 1000;
      if (ageSeconds > reviewLifetimeSeconds)
        throw new HttpError(410, 'review_expired', 'this review is too old; review the link again', { field: 'reviewId' });
      await assertLinkable(db, actor, rev.user_id, rev.contact_id);
      await db('link_reviews').where({ id: rev.id }).whereNull('confirmed_at').update({ confirmed_by: actor.id, confirmed_at: db.fn.now() });
    }
    const contact = await db('contacts').where({ id: rev.contact_id }).first();
    ctx.body = {
      reviewId: rev.id,
      user: rev.user_snapshot,
      contact: contactView(contact),
      companyIds: rev.company_ids,
      defaultCompanyId: rev.default_company_id,
      createdBy: rev.created_by,
    } satisfies Plain<ConfirmedReviewValid>;
  });
  return r;
}
