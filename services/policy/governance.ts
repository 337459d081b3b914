import type Router from '@koa/router';
import type { Context } from 'koa';
import type { Knex } from 'knex';
import { isUuid, requireStaff } from '../../lib/http.js';
import { badRequest, conflict, forbidden, notFound, unprocessable } from '../../lib/errors.js';
import { ServiceError, type ServiceClient } from '../../lib/service-client.js';
import type { Actor, Permission } from '../../lib/internal-token.js';
import { parseBody } from '../../proto/validate.js';
import {
  CompanyAccessRequestSchema,
  LinkCompaniesRequestSchema,
  LinkStatusRequestSchema,
  PolicyRequestSchema,
} from '../../proto/gen/extranet/v1/governance_pb.js';
import { companyAccessRules, linkCompaniesRules, linkStatusRules, policyRules } from '../../proto/rules.js';
import { audit } from '../../lib/audit.js';
import { contactPolicyKey, effectiveFor, loadAccessState, permissionDiff, scopeOf, withCompanies, type AccessState } from './scope.js';
import { effectivePolicy, type Policy } from './effective.js';

type Staff = Extract<Actor, { kind: 'employee' | 'system' }>;

export interface GovernanceDeps {
  identity: ServiceClient;
  requests: ServiceClient;
  documents: ServiceClient;
}

const PERMISSION_WORDS: Record<Permission, string> = {
  requestCreate: 'request creation',
  requestChatRead: 'request chat reading',
  requestChatSend: 'request chat sending',
  generalChat: 'general chat',
  calls: 'calls',
  telegram: 'Telegram connection',
  widget: 'widget connection',
  documents: 'document access',
};

/**
 * May this caller grant or change extranet access for these companies?
 * Administrators and department leads always; account managers for companies
 * they manage; any employee where the company allows it. Workflows always.
 */
export async function assertMayGrant(db: Knex, actor: Staff, companyIds: string[]): Promise<void> {
  if (actor.kind === 'system' || actor.role === 'administrator' || actor.role === 'department_lead') return;
  const companies = await db('companies').whereIn('id', companyIds);
  const managed = new Set((await db('company_managers').where({ employee_id: actor.id }).whereIn('company_id', companyIds)).map((m) => m.company_id));
  const refused = companies.filter(
    (c) => !(c.grant_access === 'all_employees' || (c.grant_access === 'account_managers' && actor.role === 'account_manager' && managed.has(c.id))),
  );
  if (refused.length) throw forbidden(`you may not grant extranet access for ${refused.map((c) => c.name).join(', ')}`);
}

/** The same rule in SQL: restricts a query on `companies` to those the caller may govern. */
export function governableCompanies(db: Knex, actor: Staff) {
  return (q: Knex.QueryBuilder) => {
    if (actor.kind === 'system' || actor.role === 'administrator' || actor.role === 'department_lead') return q;
    return q.where((w) =>
      w.where('companies.grant_access', 'all_employees').orWhere((m) =>
        m
          .where('companies.grant_access', 'account_managers')
          .whereRaw('? = ?', [actor.role, 'account_manager'])
          .whereExists(db('company_managers').whereRaw('company_managers.company_id = companies.id').where({ employee_id: actor.id })),
      ),
    );
  };
}

/** Restricts a query on `links` to links whose companies the caller may all govern. */
export function governableLinks(db: Knex, actor: Staff) {
  return (q: Knex.QueryBuilder) => {
    if (actor.kind === 'system' || actor.role === 'administrator' || actor.role === 'department_lead') return q;
    const mine = governableCompanies(db, actor)(db('companies').select('companies.id'));
    return q.whereNotExists(db('link_companies').whereRaw('link_companies.link_id = links.id').whereNotIn('link_companies.company_id', mine));
  };
}

/** May the caller govern this link (every company it works for)? Refused with 403 otherwise. */
export async function assertMayGovernLink(db: Knex, actor: Staff, linkId: string): Promise<void> {
  await assertMayGrant(
    db,
    actor,
    (await db('link_companies').where({ link_id: linkId })).map((x) => x.company_id),
  );
}

/** Governance routes of the policy service: policies with impact preview, link lifecycle, diagnostics. */
export function governanceRoutes(r: Router, db: Knex, deps: GovernanceDeps) {
  const dryRun = (ctx: Context) => ctx.query.dryRun === 'true';

  /** What a change does to each affected link: permissions per company, and objects by id. */
  async function impact(before: AccessState, after: AccessState) {
    const links = [];
    for (const linkId of new Set([...before.links.keys(), ...after.links.keys()])) {
      const link = (after.links.get(linkId) ?? before.links.get(linkId))!;
      const b = scopeOf(before, linkId);
      const a = scopeOf(after, linkId);
      if (JSON.stringify(b) === JSON.stringify(a)) continue;
      const [req, doc] = await Promise.all([
        deps.requests.post<{ requests: Diff; chats: Diff }>(deps.requests.system, '/internal/visibility', { before: b, after: a }),
        deps.documents.post<{ documents: Diff }>(deps.documents.system, '/internal/visibility', { contactId: link.contactId, before: b, after: a }),
      ]);
      links.push({
        linkId,
        contactId: link.contactId,
        contactName: (after.contacts.get(link.contactId) ?? before.contacts.get(link.contactId))?.name ?? '',
        permissions: permissionDiff(b, a),
        requests: counted(req.requests),
        chats: counted(req.chats),
        documents: counted(doc.documents),
      });
    }
    return { affectedLinks: links.length, links };
  }

  async function pipelinesExist(ids: string[]) {
    if (!ids.length) return;
    const { pipelines } = await deps.requests.get<{ pipelines: { id: string }[] }>(deps.requests.system, '/internal/pipelines');
    const unknown = ids.filter((id) => !pipelines.some((p) => p.id === id));
    if (unknown.length) throw unprocessable('pipelineIds', `pipelineIds names unknown pipelines: ${unknown.join(', ')}`);
  }

  const company = async (id: unknown) => {
    if (!isUuid(id)) throw notFound('company');
    const c = await db('companies').where({ id }).first();
    if (!c) throw notFound('company');
    return c;
  };
  const liveLinks = (q: Knex.QueryBuilder) => q.whereNot('links.status', 'revoked');

  r.get('/companies/:id', async (ctx) => {
    const actor = requireStaff(ctx);
    const c = await company(ctx.params.id);
    await assertMayGrant(db, actor, [c.id]);
    const policy = await db('company_policies').where({ company_id: c.id }).first();
    const managers = (await db('company_managers').where({ company_id: c.id })).map((m) => m.employee_id);
    ctx.body = {
      id: c.id,
      name: c.name,
      kind: c.kind,
      extranetEnabled: c.extranet_enabled,
      grantAccess: c.grant_access,
      managerIds: managers,
      policy: policy ? { permissions: policy.permissions, pipelineIds: policy.pipeline_ids } : { permissions: [], pipelineIds: [] },
    };
  });

  // The company policy: the perimeter for every contact of the company.
  r.post('/companies/:id/policy', async (ctx) => {
    const actor = requireStaff(ctx);
    const c = await company(ctx.params.id);
    await assertMayGrant(db, actor, [c.id]);
    const body = parseBody(PolicyRequestSchema, ctx.request.body, policyRules);
    await pipelinesExist(body.pipelineIds);
    const next: Policy = { permissions: body.permissions as Permission[], pipelineIds: body.pipelineIds };
    const touching = (q: Knex.QueryBuilder) =>
      liveLinks(q).whereExists(db('link_companies').whereRaw('link_companies.link_id = links.id').where({ company_id: c.id }));
    const before = await loadAccessState(db, touching);
    const after: AccessState = { ...before, companyPolicies: new Map(before.companyPolicies).set(c.id, next) };
    const result = await impact(before, after);
    if (!dryRun(ctx)) {
      await db.transaction(async (tx) => {
        const old = await tx('company_policies').where({ company_id: c.id }).forUpdate().first();
        await tx('company_policies')
          .insert({ company_id: c.id, permissions: next.permissions, pipeline_ids: next.pipelineIds, updated_at: tx.fn.now() })
          .onConflict('company_id')
          .merge();
        await audit(tx, actor, {
          action: 'company_policy.changed',
          entityType: 'company_policy',
          entityId: c.id,
          companyId: c.id,
          before: old ? { permissions: old.permissions, pipelineIds: old.pipeline_ids } : null,
          after: next,
        });
      });
    }
    ctx.body = { applied: !dryRun(ctx), policy: next, impact: result };
  });

  r.get('/contacts/:contactId/policies/:companyId', async (ctx) => {
    const actor = requireStaff(ctx);
    const c = await company(ctx.params.companyId);
    await assertMayGrant(db, actor, [c.id]);
    if (!isUuid(ctx.params.contactId)) throw notFound('contact');
    const row = await db('contact_policies').where({ contact_id: ctx.params.contactId, company_id: c.id }).first();
    ctx.body = row ? { permissions: row.permissions, pipelineIds: row.pipeline_ids } : { permissions: [], pipelineIds: [] };
  });

  // The contact policy: narrows the company policy for one person; it can never widen it.
  r.post('/contacts/:contactId/policies/:companyId', async (ctx) => {
    const actor = requireStaff(ctx);
    const c = await company(ctx.params.companyId);
    await assertMayGrant(db, actor, [c.id]);
    const contactId = ctx.params.contactId;
    if (!isUuid(contactId) || !(await db('contacts').where({ id: contactId }).first())) throw notFound('contact');
    if (!(await db('company_contacts').where({ company_id: c.id, contact_id: contactId }).first()))
      throw unprocessable('contactId', `the contact is not a contact of ${c.name}`);
    const body = parseBody(PolicyRequestSchema, ctx.request.body, policyRules);
    await pipelinesExist(body.pipelineIds);
    const next: Policy = { permissions: body.permissions as Permission[], pipelineIds: body.pipelineIds };
    const before = await loadAccessState(db, (q) =>
      liveLinks(q)
        .where({ contact_id: contactId })
        .whereExists(db('link_companies').whereRaw('link_companies.link_id = links.id').where({ company_id: c.id })),
    );
    const after: AccessState = { ...before, contactPolicies: new Map(before.contactPolicies).set(contactPolicyKey(contactId, c.id), next) };
    const result = await impact(before, after);
    if (!dryRun(ctx)) {
      await db.transaction(async (tx) => {
        const old = await tx('contact_policies').where({ contact_id: contactId, company_id: c.id }).forUpdate().first();
        await tx('contact_policies')
          .insert({ contact_id: contactId, company_id: c.id, permissions: next.permissions, pipeline_ids: next.pipelineIds, updated_at: tx.fn.now() })
          .onConflict(['contact_id', 'company_id'])
          .merge();
        await audit(tx, actor, {
          action: 'contact_policy.changed',
          entityType: 'contact_policy',
          entityId: `${contactId}:${c.id}`,
          companyId: c.id,
          before: old ? { permissions: old.permissions, pipelineIds: old.pipeline_ids } : null,
          after: next,
        });
      });
    }
    // The effective result is what matters: show it, capped by the company policy.
    const companyPolicy = await db('company_policies').where({ company_id: c.id }).first();
    ctx.body = {
      applied: !dryRun(ctx),
      policy: next,
      effectivePolicy: effectivePolicy(companyPolicy ? { permissions: companyPolicy.permissions, pipelineIds: companyPolicy.pipeline_ids } : undefined, next),
      impact: result,
    };
  });

  // Extranet access for a company, and who may grant it. Administrators only.
  r.post('/companies/:id/access', async (ctx) => {
    const actor = requireStaff(ctx);
    const c = await company(ctx.params.id);
    if (actor.kind === 'employee' && actor.role !== 'administrator') throw forbidden('only portal administrators change who may access the extranet');
    const body = parseBody(CompanyAccessRequestSchema, ctx.request.body, companyAccessRules);
    if (c.kind !== 'client') throw unprocessable('id', `${c.name} is not a client company`);
    const touching = (q: Knex.QueryBuilder) =>
      liveLinks(q).whereExists(db('link_companies').whereRaw('link_companies.link_id = links.id').where({ company_id: c.id }));
    const before = await loadAccessState(db, touching);
    const after: AccessState = { ...before, companies: new Map(before.companies).set(c.id, { id: c.id, name: c.name, extranetEnabled: body.extranetEnabled }) };
    const result = await impact(before, after);
    if (!dryRun(ctx)) {
      await db.transaction(async (tx) => {
        await tx('companies').where({ id: c.id }).update({ extranet_enabled: body.extranetEnabled, grant_access: body.grantAccess });
        await audit(tx, actor, {
          action: 'company_access.changed',
          entityType: 'company',
          entityId: c.id,
          companyId: c.id,
          before: { extranetEnabled: c.extranet_enabled, grantAccess: c.grant_access },
          after: { extranetEnabled: body.extranetEnabled, grantAccess: body.grantAccess },
        });
      });
    }
    ctx.body = { applied: !dryRun(ctx), extranetEnabled: body.extranetEnabled, grantAccess: body.grantAccess, impact: result };
  });

  /** The link, once the caller is known to govern all its companies. */
  const linkRow = async (id: unknown, actor: Staff) => {
    if (!isUuid(id)) throw notFound('link');
    const l = await db('links').where({ id }).first();
    if (!l) throw notFound('link');
    await assertMayGovernLink(db, actor, l.id);
    return l;
  };

  // Disable (pause), enable again, or revoke (final).
  r.post('/links/:id/status', async (ctx) => {
    const actor = requireStaff(ctx);
    const link = await linkRow(ctx.params.id, actor);
    const body = parseBody(LinkStatusRequestSchema, ctx.request.body, linkStatusRules);
    if (link.status === 'revoked') throw conflict('link_revoked', 'a revoked link is final; create a new link with the link wizard', { field: 'status' });
    if (link.status === body.status) throw conflict('no_change', `the link is already ${body.status}`, { field: 'status' });
    // The offboarding workflow acts for the employee who ended the collaboration.
    const who = actor.kind === 'system' && body.employeeId ? { kind: 'employee' as const, id: body.employeeId } : actor;
    const before = await loadAccessState(db, (q) => q.where({ id: link.id }));
    const after: AccessState = { ...before, links: new Map(before.links).set(link.id, { ...before.links.get(link.id)!, status: body.status }) };
    const result = await impact(before, after);
    if (!dryRun(ctx)) {
      await db.transaction(async (tx) => {
        const n = await tx('links')
          .where({ id: link.id, status: link.status })
          .update({ status: body.status, updated_at: tx.fn.now(), ended_at: body.status === 'revoked' ? tx.fn.now() : null });
        if (n !== 1) throw conflict('changed_meanwhile', 'the link changed meanwhile; reload it', { field: 'status' });
        await audit(tx, who, {
          action: `link.${body.status === 'active' ? 'enabled' : body.status}`,
          entityType: 'link',
          entityId: link.id,
          linkId: link.id,
          companyId: link.default_company_id,
          before: { status: link.status },
          after: { status: body.status },
        });
      });
    }
    ctx.body = { applied: !dryRun(ctx), status: body.status, userId: link.user_id, contactId: link.contact_id, impact: result };
  });

  // The link's companies and default company.
  r.post('/links/:id/companies', async (ctx) => {
    const actor = requireStaff(ctx);
    const link = await linkRow(ctx.params.id, actor);
    const body = parseBody(LinkCompaniesRequestSchema, ctx.request.body, linkCompaniesRules);
    if (link.status === 'revoked') throw conflict('link_revoked', 'a revoked link cannot change', { field: 'companyIds' });
    const companies = await db('companies').whereIn('id', body.companyIds);
    const missing = body.companyIds.filter((id) => !companies.some((c) => c.id === id));
    if (missing.length) throw unprocessable('companyIds', `companyIds names unknown companies: ${missing.join(', ')}`);
    const member = new Set(
      (await db('company_contacts').where({ contact_id: link.contact_id }).whereIn('company_id', body.companyIds)).map((m) => m.company_id),
    );
    const foreign = companies.filter((c) => c.kind !== 'client' || !member.has(c.id));
    if (foreign.length) throw unprocessable('companyIds', `the contact is not a client contact of ${foreign.map((c) => c.name).join(', ')}`);
    const current = (await db('link_companies').where({ link_id: link.id })).map((x) => x.company_id as string);
    await assertMayGrant(db, actor, [...new Set([...current, ...body.companyIds])]);
    const before = await loadAccessState(db, (q) => q.where({ id: link.id }));
    const widened = await withCompanies(db, before, body.companyIds);
    const after: AccessState = {
      ...widened,
      links: new Map(widened.links).set(link.id, { ...widened.links.get(link.id)!, companyIds: body.companyIds, defaultCompanyId: body.defaultCompanyId }),
    };
    const result = await impact(widened, after);
    if (!dryRun(ctx)) {
      await db.transaction(async (tx) => {
        await tx('link_companies').where({ link_id: link.id }).whereNotIn('company_id', body.companyIds).delete();
        await tx('link_companies')
          .insert(body.companyIds.map((company_id) => ({ link_id: link.id, company_id })))
          .onConflict(['link_id', 'company_id'])
          .ignore();
        await tx('links').where({ id: link.id }).update({ default_company_id: body.defaultCompanyId, updated_at: tx.fn.now() });
        await audit(tx, actor, {
          action: 'link.companies_changed',
          entityType: 'link',
          entityId: link.id,
          linkId: link.id,
          companyId: body.defaultCompanyId,
          before: { companyIds: current, defaultCompanyId: link.default_company_id },
          after: { companyIds: body.companyIds, defaultCompanyId: body.defaultCompanyId },
        });
      });
    }
    ctx.body = { applied: !dryRun(ctx), companyIds: body.companyIds, defaultCompanyId: body.defaultCompanyId, impact: result };
  });

  // May the caller change this link's access (invitations, sessions)? 204 when yes.
  r.post('/links/:id/authorize', async (ctx) => {
    await linkRow(ctx.params.id, requireStaff(ctx));
    ctx.status = 204;
  });

  // May the caller govern this company? 204 when yes.
  r.post('/companies/:id/authorize', async (ctx) => {
    const actor = requireStaff(ctx);
    await assertMayGrant(db, actor, [(await company(ctx.params.id)).id]);
    ctx.status = 204;
  });

  // The scope of one link, for "view as this client" (the gateway mints a client token from it).
  r.get('/links/:id/scope', async (ctx) => {
    const link = await linkRow(ctx.params.id, requireStaff(ctx));
    const state = await loadAccessState(db, (q) => q.where({ id: link.id }));
    ctx.body = { linkId: link.id, userId: link.user_id, contactId: link.contact_id, status: link.status, companies: scopeOf(state, link.id) };
  });

  r.get('/links/:id/diagnostics', async (ctx) => {
    const link = await linkRow(ctx.params.id, requireStaff(ctx));
    const objectType = ctx.query.objectType;
    const objectId = ctx.query.objectId;
    if (objectType !== undefined && !['request', 'chat', 'document', 'pipeline'].includes(String(objectType)))
      throw badRequest('objectType', 'objectType must be one of request, chat, document, pipeline');
    if (objectType !== undefined && !isUuid(objectId)) throw badRequest('objectId', 'objectId must be a uuid');
    const state = await loadAccessState(db, (q) => q.where({ id: link.id }));
    ctx.body = await diagnose(state, link.id, objectType ? { type: objectType as ObjectType, id: objectId as string } : undefined);
  });

  type ObjectType = 'request' | 'chat' | 'document' | 'pipeline';
  type Step = { element: string; status: 'pass' | 'fail'; reason: string; fix?: string };

  /**
   * Walks user → link → contact → companies → effective policy → object, with
   * the same state and functions that build the client's scope.
   */
  async function diagnose(state: AccessState, linkId: string, object?: { type: ObjectType; id: string }) {
    const link = state.links.get(linkId)!;
    const steps: Step[] = [];
    const contact = state.contacts.get(link.contactId);
    const who = contact?.name ?? 'the client';
    const pass = (element: string, reason: string) => steps.push({ element, status: 'pass', reason });
    const fail = (element: string, reason: string, fix: string) => steps.push({ element, status: 'fail', reason, fix });

    let user: { login: string; activated: boolean } | undefined;
    try {
      user = await deps.identity.get(deps.identity.system, `/users/${link.userId}`);
    } catch (err) {
      if (!(err instanceof ServiceError && err.status === 404)) throw err;
    }
    if (!user) fail('user', 'the portal user of this link no longer exists', 'create a new link with the link wizard');
    else if (!user.activated)
      fail('user', `${user.login} has not set a password through an invitation yet, so cannot sign in`, 'issue a new invitation and ask the client to open it');
    else pass('user', `${user.login} has set a password and can sign in`);

    if (link.status === 'active') pass('link', 'the link is active');
    else if (link.status === 'disabled') fail('link', 'the link is disabled: access is paused', 'enable the link');
    else fail('link', 'the link is revoked: access ended for good', 'create a new link with the link wizard if the collaboration resumes');

    if (contact) pass('contact', `the link works on behalf of the CRM contact ${contact.name}`);
    else fail('contact', 'the CRM contact of this link no longer exists', 'create a new link to the current contact');

    const companyName = (id: string) => state.companies.get(id)?.name ?? id;
    let facts: { companyId: string; pipelineId?: string; pipelineName?: string; contactId?: string | null; status?: string; title?: string } | undefined;
    if (object) {
      try {
        if (object.type === 'document') facts = await deps.documents.get(deps.documents.system, `/internal/documents/${object.id}`);
        else if (object.type === 'pipeline') {
          const { pipelines } = await deps.requests.get<{ pipelines: { id: string; name: string }[] }>(deps.requests.system, '/internal/pipelines');
          const p = pipelines.find((x) => x.id === object.id);
          if (p) facts = { companyId: '', pipelineId: p.id, pipelineName: p.name, title: p.name };
        } else facts = await deps.requests.get(deps.requests.system, `/internal/requests/${object.id}`);
      } catch (err) {
        if (!(err instanceof ServiceError && err.status === 404)) throw err;
      }
      if (!facts) throw notFound(object.type);
    }

    // Companies: the object's company must be among the link's, with extranet access on.
    const candidates = facts?.companyId ? [facts.companyId] : link.companyIds;
    if (facts?.companyId && !link.companyIds.includes(facts.companyId)) {
      const extra = await withCompanies(db, state, [facts.companyId]);
      fail(
        'companies',
        `“${facts.title}” belongs to ${extra.companies.get(facts.companyId)?.name ?? 'another company'}, which is not among this link's companies`,
        `add ${extra.companies.get(facts.companyId)?.name ?? 'that company'} to the link, only if ${who} should work for it`,
      );
    } else {
      const off = candidates.filter((id) => !state.companies.get(id)?.extranetEnabled);
      if (off.length === candidates.length)
        fail(
          'companies',
          `extranet access is switched off for ${off.map(companyName).join(', ')}`,
          `switch on extranet access for ${off.map(companyName).join(', ')}`,
        );
      else
        pass(
          'companies',
          `works for ${candidates
            .filter((id) => !off.includes(id))
            .map(companyName)
            .join(', ')}${off.length ? ` (extranet switched off for ${off.map(companyName).join(', ')})` : ''}`,
        );
    }

    // Effective policy = company ∩ contact; name the side that denies.
    const needed: Permission[] = object?.type === 'chat' ? ['requestChatRead'] : object?.type === 'document' ? ['documents'] : [];
    const pipeline = object && object.type !== 'document' ? facts?.pipelineId : undefined;
    const companyIds = facts?.companyId ? [facts.companyId] : link.companyIds;
    const grantedSomewhere = companyIds.some((cid) => {
      const eff = effectiveFor(state, linkId, cid);
      return needed.every((p) => eff.permissions.includes(p)) && (!pipeline || eff.pipelineIds.includes(pipeline));
    });
    if (grantedSomewhere) {
      const eff = companyIds.map((cid) => effectiveFor(state, linkId, cid));
      pass(
        'effective-policy',
        `the effective policy allows ${[...new Set(eff.flatMap((e) => e.permissions))].map((p) => PERMISSION_WORDS[p]).join(', ') || 'no permission'}${pipeline ? ` and the pipeline ${facts?.pipelineName}` : ''}`,
      );
    } else {
      const cid = companyIds[0]!;
      const cp = state.companyPolicies.get(cid) ?? { permissions: [], pipelineIds: [] };
      const kp = state.contactPolicies.get(contactPolicyKey(link.contactId, cid)) ?? { permissions: [], pipelineIds: [] };
      const what = [...needed.map((p) => PERMISSION_WORDS[p]), ...(pipeline ? [`the pipeline ${facts?.pipelineName}`] : [])];
      const companyLacks = needed.some((p) => !cp.permissions.includes(p)) || (pipeline && !cp.pipelineIds.includes(pipeline));
      const contactLacks = needed.some((p) => !kp.permissions.includes(p)) || (pipeline && !kp.pipelineIds.includes(pipeline));
      if (companyLacks)
        fail(
          'effective-policy',
          `the company policy of ${companyName(cid)} does not allow ${what.join(' and ')}`,
          `add ${what.join(' and ')} to the company policy of ${companyName(cid)}${contactLacks ? `, and to the contact policy of ${who}` : ''}`,
        );
      else if (contactLacks)
        fail(
          'effective-policy',
          `the contact policy of ${who} at ${companyName(cid)} does not allow ${what.join(' and ')}`,
          `add ${what.join(' and ')} to the contact policy of ${who} at ${companyName(cid)}`,
        );
      else fail('effective-policy', `no access is open at ${companyName(cid)}`, `check the link's status and the company's extranet switch`);
    }

    if (object) {
      if (object.type === 'document' && facts?.status !== 'published')
        fail('object', `“${facts?.title}” is not published (${facts?.status})`, 'publish the document once it is checked for the client');
      else if (object.type === 'document' && facts?.contactId && facts.contactId !== link.contactId)
        fail(
          'object',
          `“${facts.title}” is published for another contact of ${companyName(facts.companyId)}`,
          `publish it for the whole company or for ${who}`,
        );
      else pass('object', `“${facts?.title}” is visible once the steps above pass`);
    }

    const denied = steps.find((s) => s.status === 'fail');
    return {
      linkId,
      object: object ? { type: object.type, id: object.id, title: facts?.title } : null,
      visible: !denied,
      firstDenial: denied ? { element: denied.element, reason: denied.reason, fix: denied.fix } : null,
      steps,
    };
  }

  return { diagnose };
}

type Diff = { gained: string[]; lost: string[] };
const counted = (d: Diff) => ({ gained: d.gained.length, lost: d.lost.length, gainedIds: d.gained, lostIds: d.lost });
