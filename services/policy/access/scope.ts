import type { Knex } from 'knex';
import type { CompanyScope } from '../../../internal/actor.js';
import type { Permission } from '../../../domain/vocabulary.js';
import { effectivePolicy, type Policy } from './effective.js';

/**
 * Everything that decides what a link's client can reach, loaded once. Scope,
 * impact preview and diagnostics are all pure functions of this state, so they
 * cannot disagree with one another; previews apply a change to a copy.
 */
export interface AccessState {
  links: Map<string, { id: string; userId: string; contactId: string; status: string; defaultCompanyId: string; companyIds: string[] }>;
  companies: Map<string, { id: string; name: string; extranetEnabled: boolean; kind?: string }>;
  companyPolicies: Map<string, Policy>;
  /** Keyed by `${contactId}:${companyId}`. */
  contactPolicies: Map<string, Policy>;
  contacts: Map<string, { id: string; firstName: string; lastName: string; name: string; email: string }>;
}

export const contactPolicyKey = (contactId: string, companyId: string) => `${contactId}:${companyId}`;

/** Loads the state for the links chosen by `which` (a query on `links`) and everything they touch. */
export async function loadAccessState(db: Knex, which: (q: Knex.QueryBuilder) => Knex.QueryBuilder): Promise<AccessState> {
  const links = await which(db('links').select('links.*'));
  const linkIds = links.map((l: { id: string }) => l.id);
  const lc = linkIds.length ? await db('link_companies').whereIn('link_id', linkIds) : [];
  const contactIds = [...new Set(links.map((l: { contact_id: string }) => l.contact_id))] as string[];
  const companyIds = [...new Set(lc.map((x: { company_id: string }) => x.company_id))] as string[];
  return buildState(db, links, lc, contactIds, companyIds);
}

async function buildState(db: Knex, links: any[], lc: any[], contactIds: string[], companyIds: string[]): Promise<AccessState> {
  const [companies, cps, ctps, contacts] = await Promise.all([
    companyIds.length ? db('companies').whereIn('id', companyIds) : [],
    companyIds.length ? db('company_policies').whereIn('company_id', companyIds) : [],
    contactIds.length && companyIds.length ? db('contact_policies').whereIn('contact_id', contactIds).whereIn('company_id', companyIds) : [],
    contactIds.length ? db('contacts').whereIn('id', contactIds) : [],
  ]);
  const asPolicy = (r: { permissions: string[]; pipeline_ids: string[] }): Policy => ({
    permissions: r.permissions as Permission[],
    pipelineIds: r.pipeline_ids,
  });
  return {
    links: new Map(
      links.map((l) => [
        l.id,
        {
          id: l.id,
          userId: l.user_id,
          contactId: l.contact_id,
          status: l.status,
          defaultCompanyId: l.default_company_id,
          companyIds: lc.filter((x) => x.link_id === l.id).map((x) => x.company_id),
        },
      ]),
    ),
    companies: new Map(companies.map((c: any) => [c.id, { id: c.id, name: c.name, extranetEnabled: c.extranet_enabled, kind: c.kind }])),
    companyPolicies: new Map(cps.map((p: any) => [p.company_id, asPolicy(p)])),
    contactPolicies: new Map(ctps.map((p: any) => [contactPolicyKey(p.contact_id, p.company_id), asPolicy(p)])),
    contacts: new Map(
      contacts.map((c: any) => [c.id, { id: c.id, firstName: c.first_name, lastName: c.last_name, name: `${c.first_name} ${c.last_name}`, email: c.email }]),
    ),
  };
}

/** Adds a company (and its policies for the given contacts) to a state, for previews that add companies. */
export async function withCompanies(db: Knex, state: AccessState, companyIds: string[]): Promise<AccessState> {
  const missing = companyIds.filter((id) => !state.companies.has(id));
  if (!missing.length) return state;
  const contactIds = [...new Set([...state.links.values()].map((l) => l.contactId))];
  const extra = await buildState(db, [], [], contactIds, missing);
  return {
    ...state,
    companies: new Map([...state.companies, ...extra.companies]),
    companyPolicies: new Map([...state.companyPolicies, ...extra.companyPolicies]),
    contactPolicies: new Map([...state.contactPolicies, ...extra.contactPolicies]),
  };
}

/** The effective policy of one link in one company, or nothing when that company is not reachable. */
export function effectiveFor(state: AccessState, linkId: string, companyId: string): Policy {
  const link = state.links.get(linkId);
  const company = state.companies.get(companyId);
  if (link?.status !== 'active' || !company?.extranetEnabled || !link.companyIds.includes(companyId)) return { permissions: [], pipelineIds: [] };
  return effectivePolicy(state.companyPolicies.get(companyId), state.contactPolicies.get(contactPolicyKey(link.contactId, companyId)));
}

/** What the link's client can reach: per company, the effective policy. Empty for a link that is not active. */
export function scopeOf(state: AccessState, linkId: string): CompanyScope[] {
  const link = state.links.get(linkId);
  if (link?.status !== 'active') return [];
  return link.companyIds
    .filter((id) => state.companies.get(id)?.extranetEnabled)
    .map((companyId) => ({ companyId, ...effectiveFor(state, linkId, companyId) }));
}

/** Permission changes between two scopes, per company. */
export function permissionDiff(before: CompanyScope[], after: CompanyScope[]) {
  const companies = [...new Set([...before, ...after].map((s) => s.companyId))];
  return companies
    .map((companyId) => {
      const none: Policy = { permissions: [], pipelineIds: [] };
      const b: Policy = before.find((s) => s.companyId === companyId) ?? none;
      const a: Policy = after.find((s) => s.companyId === companyId) ?? none;
      return {
        companyId,
        gainedPermissions: a.permissions.filter((p) => !b.permissions.includes(p)),
        lostPermissions: b.permissions.filter((p) => !a.permissions.includes(p)),
        gainedPipelineIds: a.pipelineIds.filter((p) => !b.pipelineIds.includes(p)),
        lostPipelineIds: b.pipelineIds.filter((p) => !a.pipelineIds.includes(p)),
      };
    })
    .filter((d) => d.gainedPermissions.length + d.lostPermissions.length + d.gainedPipelineIds.length + d.lostPipelineIds.length > 0);
}

/**
 * The hot path of every portal request: the user's active link with, per
 * company, both policies, in one query; the intersection is the same scopeOf
 * that previews and diagnostics use.
 */
export async function loadActiveScope(db: Knex, userId: string) {
  // The epoch is read in the same statement, so it is the epoch of exactly this scope (migration 005).
  const rows = await db.raw('select s.*, policy.access_epoch() as access_epoch from policy.active_scope(?) s', [userId]);
  if (!rows.rows.length) return undefined;
  // A user has at most one live link (a unique index holds it): never pick one of several silently.
  const list = rows.rows as any[];
  if (list.some((r) => r.link_id !== list[0].link_id)) throw new Error(`user ${userId} has more than one active link`);
  const first = list[0];
  const state: AccessState = {
    links: new Map([
      [
        first.link_id,
        {
          id: first.link_id,
          userId,
          contactId: first.contact_id,
          status: first.status,
          defaultCompanyId: first.default_company_id,
          companyIds: list.map((r) => r.company_id),
        },
      ],
    ]),
    companies: new Map(list.map((r) => [r.company_id, { id: r.company_id, name: r.company_name, extranetEnabled: r.extranet_enabled }])),
    companyPolicies: new Map(
      list.filter((r) => r.cp_permissions).map((r) => [r.company_id, { permissions: r.cp_permissions, pipelineIds: r.cp_pipeline_ids }]),
    ),
    contactPolicies: new Map(
      list
        .filter((r) => r.kp_permissions)
        .map((r) => [contactPolicyKey(first.contact_id, r.company_id), { permissions: r.kp_permissions, pipelineIds: r.kp_pipeline_ids }]),
    ),
    contacts: new Map([
      [
        first.contact_id,
        { id: first.contact_id, firstName: first.first_name, lastName: first.last_name, name: `${first.first_name} ${first.last_name}`, email: first.email },
      ],
    ]),
  };
  return {
    state,
    linkId: first.link_id as string,
    contactId: first.contact_id as string,
    defaultCompanyId: first.default_company_id as string,
    scope: scopeOf(state, first.link_id),
    accessEpoch: String(first.access_epoch),
  };
}
