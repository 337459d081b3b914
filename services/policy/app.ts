import Router from '@koa/router';
import type { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { createServiceApp, isUuid, requireStaff, requireSystem } from '../../lib/http.js';
import { HttpError, badRequest, conflict, notFound, unprocessable } from '../../lib/errors.js';
import { ServiceClient, ServiceError } from '../../lib/service-client.js';
import type { Actor, Permission } from '../../lib/internal-token.js';
import { parseBody } from '../../proto/validate.js';
import { LinkReviewRequestSchema } from '../../proto/gen/extranet/v1/governance_pb.js';
import { linkReviewRules } from '../../proto/rules.js';
import { STARTER_PERMISSIONS, type Policy } from './effective.js';
import type { PolicyConfig } from './config.js';
import { audit, auditRoute } from '../../lib/audit.js';
import { assertMayGovernLink, assertMayGrant, governableLinks, governanceRoutes } from './governance.js';
import { contactPolicyKey, effectiveFor, loadAccessState, loadActiveScope } from './scope.js';

const LINK_STATUSES = ['active', 'disabled', 'revoked'];

const policyOf = (row: { permissions: string[]; pipeline_ids: string[] } | undefined): Policy | undefined =>
  row ? { permissions: row.permissions as Permission[], pipelineIds: row.pipeline_ids } : undefined;

/** The policy service: the directory, links, policies and the effective policy, audit. */
export function createPolicyApp(db: Knex, config: PolicyConfig) {
  const identity = new ServiceClient('identity', config.identityUrl, config.internalSecret, 'policy');
  const requests = new ServiceClient('requests', config.requestsUrl, config.internalSecret, 'policy');
  const documents = new ServiceClient('documents', config.documentsUrl, config.internalSecret, 'policy');
  const r = new Router();
  governanceRoutes(r, db, { identity, requests, documents });

  const contactView = (c: Record<string, unknown>) => ({ id: c.id, firstName: c.first_name, lastName: c.last_name, email: c.email });
  const companyView = (c: Record<string, unknown>) => ({ id: c.id, name: c.name, kind: c.kind, extranetEnabled: c.extranet_enabled });

  r.get('/companies', async (ctx) => {
    requireStaff(ctx);
    ctx.body = { companies: (await db('companies').orderBy('name')).map((c: Record<string, unknown>) => companyView(c)) };
  });

  r.get('/contacts', async (ctx) => {
    requireStaff(ctx);
    const companyId = ctx.query.companyId;
    if (companyId !== undefined && !isUuid(companyId)) throw badRequest('companyId', 'companyId must be a uuid');
    const rows: Record<string, any>[] = await db('contacts')
      .modify((b) => (companyId ? b.whereIn('id', db('company_contacts').select('contact_id').where({ company_id: companyId })) : b))
      .orderBy(['last_name', 'first_name'])
      .limit(500);
    const memberships = await db('company_contacts').whereIn(
      'contact_id',
      rows.map((c) => c.id),
    );
    // Who already holds each contact: the wizard shows it before anyone tries a second link.
    const held = await db('links')
      .whereIn(
        'contact_id',
        rows.map((c) => c.id),
      )
      .whereNot({ status: 'revoked' });
    const heldBy = (contactId: string) => {
      const l = held.find((x) => x.contact_id === contactId);
      return l ? { linkId: l.id, userId: l.user_id, login: l.user_snapshot.login, status: l.status } : null;
    };
    ctx.body = {
      contacts: rows.map((c) => ({
        ...contactView(c),
        companyIds: memberships.filter((m) => m.contact_id === c.id).map((m) => m.company_id),
        heldBy: heldBy(c.id),
      })),
    };
  });

  /**
   * Link details: contact, companies, default company, and per company both
   * policies and the effective one, from the same state and function that build
   * the client's scope (so a disabled link shows that it reaches nothing).
   * One set of queries for any number of links.
   */
  async function linkDetails(links: Record<string, any>[]) {
    if (!links.length) return [];
    const state = await loadAccessState(db, (q) =>
      q.whereIn(
        'links.id',
        links.map((l) => l.id),
      ),
    );
    return links.map((link) => {
      const contact = state.contacts.get(link.contact_id)!;
      const companies = state.links
        .get(link.id)!
        .companyIds.map((id) => state.companies.get(id)!)
        .sort((a, b) => a.name.localeCompare(b.name));
      return {
        id: link.id,
        status: link.status,
        user: link.user_snapshot,
        contact: { id: contact.id, firstName: contact.firstName, lastName: contact.lastName, email: contact.email },
        defaultCompanyId: link.default_company_id,
        createdBy: link.created_by,
        createdAt: link.created_at,
        companies: companies.map((c) => ({
          id: c.id,
          name: c.name,
          kind: c.kind,
          extranetEnabled: c.extranetEnabled,
          companyPolicy: state.companyPolicies.get(c.id) ?? null,
          contactPolicy: state.contactPolicies.get(contactPolicyKey(link.contact_id, c.id)) ?? null,
          effectivePolicy: effectiveFor(state, link.id, c.id),
        })),
      };
    });
  }
  const linkDetail = async (link: Record<string, any>) => (await linkDetails([link]))[0]!;

  // Wizard steps 2–3: check the combination and keep it as a review to confirm.
  r.post('/link-reviews', async (ctx) => {
    const actor = requireStaff(ctx);
    const body = parseBody(LinkReviewRequestSchema, ctx.request.body, linkReviewRules);
    let user: Record<string, unknown>;
    try {
      user = await identity.get(actor, `/users/${body.userId}`);
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
    await assertLinkable(actor, body.userId, body.contactId);
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
    };
  });

  /**
   * One portal user belongs to one person: the user has no other live link, the
   * contact no other user with one, and the caller may govern every company the
   * user was ever linked for (so nobody links another team's client account).
   */
  async function assertLinkable(actor: Extract<Actor, { kind: 'employee' | 'system' }>, userId: string, contactId: string, linkId?: string) {
    const others = (q: Knex.QueryBuilder) => (linkId ? q.whereNot({ id: linkId }) : q);
    const userLinks = await others(db('links').where({ user_id: userId }));
    const userLive = userLinks.find((l: { status: string }) => l.status !== 'revoked');
    if (userLive)
      throw conflict('user_linked', `${userLive.user_snapshot.login} already has a link; one portal user belongs to one person`, {
        field: 'userId',
        linkId: userLive.id,
      });
    const contactLive = await others(db('links').where({ contact_id: contactId }).whereNot({ status: 'revoked' })).first();
    if (contactLive)
      throw conflict('contact_linked', `this contact is already linked to the portal user ${contactLive.user_snapshot.login}`, {
        field: 'contactId',
        linkId: contactLive.id,
        login: contactLive.user_snapshot.login,
      });
    for (const l of userLinks as { id: string }[]) await assertMayGovernLink(db, actor, l.id);
  }

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
      if (ageSeconds > config.reviewLifetimeSeconds)
        throw new HttpError(410, 'review_expired', 'this review is too old; review the link again', { field: 'reviewId' });
      await assertLinkable(actor, rev.user_id, rev.contact_id);
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
    };
  });

  // Onboarding step: the link from a confirmed review. Idempotent: the review id is the link id.
  r.post('/links', async (ctx) => {
    const actor = requireSystem(ctx);
    const reviewId = (ctx.request.body as Record<string, unknown>).reviewId;
    const employeeId = (ctx.request.body as Record<string, unknown>).employeeId;
    if (!isUuid(reviewId)) throw badRequest('reviewId', 'reviewId must be a uuid');
    const link = await db.transaction(async (tx) => {
      const existing = await tx('links').where({ id: reviewId }).first();
      if (existing) return existing;
      const rev = await tx('link_reviews').where({ id: reviewId }).first();
      if (!rev) throw unprocessable('reviewId', 'reviewId names no review');
      if (!rev.confirmed_at) throw unprocessable('reviewId', 'the review was not confirmed by an employee');
      const row = {
        id: rev.id,
        user_id: rev.user_id,
        contact_id: rev.contact_id,
        status: 'active',
        default_company_id: rev.default_company_id,
        user_snapshot: JSON.stringify(rev.user_snapshot),
        created_by: typeof employeeId === 'string' ? employeeId : rev.created_by,
      };
      try {
        await tx('links').insert(row);
      } catch (err) {
        if ((err as { code?: string }).code === '23505')
          throw conflict('link_exists', 'the user or the contact already has a live link; one portal user belongs to one person', { field: 'contactId' });
        throw err;
      }
      await tx('link_companies').insert(rev.company_ids.map((company_id: string) => ({ link_id: rev.id, company_id })));
      await audit(tx, actor, {
        action: 'link.created',
        entityType: 'link',
        entityId: rev.id,
        linkId: rev.id,
        companyId: rev.default_company_id,
        after: { ...row, companyIds: rev.company_ids },
      });
      return tx('links').where({ id: rev.id }).first();
    });
    ctx.status = 201;
    ctx.body = await linkDetail(link);
  });

  // Onboarding step: the starter contact policy per company, within the company's perimeter; never overwrites.
  r.post('/links/:id/starter-policy', async (ctx) => {
    const actor = requireSystem(ctx);
    if (!isUuid(ctx.params.id)) throw notFound('link');
    const link = await db('links').where({ id: ctx.params.id }).first();
    if (!link) throw notFound('link');
    await db.transaction(async (tx) => {
      const companyIds = (await tx('link_companies').where({ link_id: link.id })).map((x) => x.company_id);
      for (const companyId of companyIds) {
        const company = policyOf(await tx('company_policies').where({ company_id: companyId }).first());
        const starter = {
          permissions: STARTER_PERMISSIONS.filter((p) => company?.permissions.includes(p)),
          pipelineIds: company?.pipelineIds.slice(0, 1) ?? [],
        };
        const inserted = await tx('contact_policies')
          .insert({ contact_id: link.contact_id, company_id: companyId, permissions: starter.permissions, pipeline_ids: starter.pipelineIds })
          .onConflict(['contact_id', 'company_id'])
          .ignore()
          .returning('company_id');
        if (inserted.length)
          await audit(tx, actor, {
            action: 'contact_policy.starter_applied',
            entityType: 'contact_policy',
            entityId: `${link.contact_id}:${companyId}`,
            linkId: link.id,
            companyId,
            after: starter,
          });
      }
    });
    ctx.body = await linkDetail(await db('links').where({ id: link.id }).first());
  });

  // Client links: search (user, login, email, contact, company), status filter, pages, sorting.
  r.get('/links', async (ctx) => {
    const actor = requireStaff(ctx);
    const { status, q, sort = 'createdAt', order = 'desc' } = ctx.query;
    if (status !== undefined && !LINK_STATUSES.includes(String(status))) throw badRequest('status', `status must be one of ${LINK_STATUSES.join(', ')}`);
    if (q !== undefined && (typeof q !== 'string' || q.length > 100)) throw badRequest('q', 'q must be a text of at most 100 characters');
    const sortColumns: Record<string, string> = {
      createdAt: 'links.created_at',
      login: "links.user_snapshot->>'login'",
      contact: 'contacts.last_name',
      status: 'links.status',
    };
    if (!(String(sort) in sortColumns)) throw badRequest('sort', `sort must be one of ${Object.keys(sortColumns).join(', ')}`);
    if (order !== 'asc' && order !== 'desc') throw badRequest('order', 'order must be asc or desc');
    const page = Number(ctx.query.page ?? 1);
    const pageSize = Number(ctx.query.pageSize ?? 20);
    if (!Number.isInteger(page) || page < 1 || page > 10000) throw badRequest('page', 'page must be a whole number from 1');
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) throw badRequest('pageSize', 'pageSize must be between 1 and 100');
    const filtered = db('links')
      .join('contacts', 'contacts.id', 'links.contact_id')
      .modify(governableLinks(db, actor))
      .modify((b) => {
        if (status) b.where('links.status', status);
        if (q) {
          const like = `%${String(q).replace(/[\\%_]/g, (c) => '\\' + c)}%`;
          b.where((w) =>
            w
              .whereRaw(`links.user_snapshot->>'login' ilike ?`, [like])
              .orWhereRaw(`links.user_snapshot->>'email' ilike ?`, [like])
              .orWhereRaw(`links.user_snapshot->>'firstName' || ' ' || (links.user_snapshot->>'lastName') ilike ?`, [like])
              .orWhereRaw(`contacts.first_name || ' ' || contacts.last_name ilike ?`, [like])
              .orWhereExists(
                db('link_companies')
                  .join('companies', 'companies.id', 'link_companies.company_id')
                  .whereRaw('link_companies.link_id = links.id')
                  .whereILike('companies.name', like),
              ),
          );
        }
      });
    const [{ total }] = await filtered.clone().count({ total: '*' });
    const rows = await filtered
      .select('links.*')
      .orderByRaw(`${sortColumns[String(sort)]} ${order}, links.id`)
      .offset((page - 1) * pageSize)
      .limit(pageSize);
    ctx.body = { links: await linkDetails(rows), total: Number(total), page, pageSize };
  });

  r.get('/links/:id', async (ctx) => {
    const actor = requireStaff(ctx);
    if (!isUuid(ctx.params.id)) throw notFound('link');
    const link = await db('links').where({ id: ctx.params.id }).first();
    if (!link) throw notFound('link');
    await assertMayGovernLink(db, actor, link.id);
    ctx.body = await linkDetail(link);
  });

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
    };
  });

  auditRoute(r, db, 'policy');

  return createServiceApp('policy', config.internalSecret, [r]);
}
