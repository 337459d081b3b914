import type { Permission } from '../../domain/vocabulary.js';
import type { Actor } from '../actor.js';
import type { ServiceClient } from '../client.js';
import type { Body, Plain } from '../messages.js';
import { type AuditQuery, AuditQuerySchema, type AuditTrailValid } from '../../proto/gen/extranet/v1/common_pb.js';
import type {
  CompanyAccessRequest,
  LinkCompaniesRequest,
  LinkReviewRequest,
  LinkStatusRequest,
  PolicyRequest,
} from '../../proto/gen/extranet/v1/governance_pb.js';
import {
  type ClientScopeValid,
  type CompanyAccessChangeValid,
  type CompanyDetailValid,
  type CompanyListValid,
  type CompanyPolicyChangeValid,
  type ConfirmedReviewValid,
  type ContactListValid,
  type ContactPolicyChangeValid,
  type CreateLinkRequest,
  type DiagnosisValid,
  type DiagnosticsQuery,
  DiagnosticsQuerySchema,
  type LinkCompaniesChangeValid,
  type LinkDetailValid,
  type LinkPageValid,
  type LinkReviewValid,
  type LinkScopeValid,
  type LinkStatusChangeValid,
  type ListLinksRequest,
  ListLinksRequestSchema,
  type PolicyValid,
  type GovernedCompaniesValid,
  type DocumentAudienceQuery,
  type NotificationAudienceQuery,
  type EmployeeGovernsQuery,
  type EmployeeGovernsValid,
  type DocumentAudienceValid,
} from '../../proto/gen/extranet/v1/policy_pb.js';
import { dryRunQuery, queryString, segment } from './http.js';

/** A change with a preview twin: `dryRun` answers what it would do and writes nothing. */
type Change = { dryRun?: boolean };

/**
 * A scope whose permissions are named with the vocabulary's type. They travel
 * as text (Permission values, vocabulary.proto); policy writes no other value.
 */
type WithPermissions<T extends { companies: { permissions: string[] }[] }> = Omit<T, 'companies'> & {
  companies: (Omit<T['companies'][number], 'permissions'> & { permissions: Permission[] })[];
};

/** The policy service's contract (proto/extranet/v1/policy.proto), one method per rpc. */
export function policyClient(service: ServiceClient) {
  const link = (linkId: string) => `/links/${segment(linkId)}`;
  const company = (companyId: string) => `/companies/${segment(companyId)}`;
  const contactPolicy = (contactId: string, companyId: string) => `/contacts/${segment(contactId)}/policies/${segment(companyId)}`;
  return {
    /** This process acting on its own behalf. */
    system: service.system,

    // The CRM directory.
    companies: (actor: Actor) => service.get<Plain<CompanyListValid>>(actor, '/companies'),
    /** The companies an employee may govern: all, or these. */
    governedCompanies: (actor: Actor) => service.get<Plain<GovernedCompaniesValid>>(actor, '/governed-companies'),
    /** Who would see a document of this company (and contact); 422 naming the field when nobody could. */
    documentAudience: (actor: Actor, query: Plain<DocumentAudienceQuery>) => service.post<Plain<DocumentAudienceValid>>(actor, '/document-audience', query),
    /** The worker: the portal users who may see an object of a company now (the portal's scope code). */
    notificationAudience: (actor: Actor, query: Plain<NotificationAudienceQuery>) =>
      service.post<Plain<DocumentAudienceValid>>(actor, '/notification-audience', query),
    /** The worker: whether an employee, with the role identity holds now, may still govern a company. */
    employeeGoverns: (actor: Actor, query: Plain<EmployeeGovernsQuery>) => service.post<Plain<EmployeeGovernsValid>>(actor, '/employee-governs', query),
    company: (actor: Actor, companyId: string) => service.get<Plain<CompanyDetailValid>>(actor, company(companyId)),
    /** Resolves when the caller may govern the company; a ServiceError 403 otherwise. */
    authorizeCompany: (actor: Actor, companyId: string) => service.post<void>(actor, `${company(companyId)}/authorize`),
    contacts: (actor: Actor, companyId?: string) =>
      service.get<Plain<ContactListValid>>(actor, `/contacts${companyId ? `?companyId=${segment(companyId)}` : ''}`),

    // The link wizard.
    reviewLink: (actor: Actor, body: Body<LinkReviewRequest>) => service.post<Plain<LinkReviewValid>>(actor, '/link-reviews', body),
    confirmReview: (actor: Actor, reviewId: string) => service.post<Plain<ConfirmedReviewValid>>(actor, `/link-reviews/${segment(reviewId)}/confirm`),

    // Client links.
    links: (actor: Actor, query: Plain<ListLinksRequest>) => service.get<Plain<LinkPageValid>>(actor, `/links${queryString(ListLinksRequestSchema, query)}`),
    link: (actor: Actor, linkId: string) => service.get<Plain<LinkDetailValid>>(actor, link(linkId)),
    /** The onboarding checklist: active links the caller governs whose access nobody re-checked. */
    uncheckedLinks: (actor: Actor) => service.get<Plain<LinkPageValid>>(actor, '/links/unchecked'),
    /** Every link the caller may govern, of one company when named (up to 500). */
    governedLinks: (actor: Actor, companyId?: string) =>
      service.get<Plain<LinkPageValid>>(actor, `/links/governed${companyId ? `?companyId=${segment(companyId)}` : ''}`),
    /** Records (and audits) that the caller re-checked the link's access. */
    accessChecked: (actor: Actor, linkId: string) => service.post<void>(actor, `${link(linkId)}/access-checked`),
    createLink: (actor: Actor, input: Plain<CreateLinkRequest>) => service.post<Plain<LinkDetailValid>>(actor, '/links', input),
    applyStarterPolicy: (actor: Actor, linkId: string) => service.post<Plain<LinkDetailValid>>(actor, `${link(linkId)}/starter-policy`),
    changeLinkStatus: (actor: Actor, linkId: string, body: Body<LinkStatusRequest>, options?: Change) =>
      service.post<Plain<LinkStatusChangeValid>>(actor, `${link(linkId)}/status${dryRunQuery(options)}`, body),
    changeLinkCompanies: (actor: Actor, linkId: string, body: Body<LinkCompaniesRequest>, options?: Change) =>
      service.post<Plain<LinkCompaniesChangeValid>>(actor, `${link(linkId)}/companies${dryRunQuery(options)}`, body),
    /** Resolves when the caller may govern the link (every company of it); a ServiceError 403 otherwise. */
    authorizeLink: (actor: Actor, linkId: string) => service.post<void>(actor, `${link(linkId)}/authorize`),

    // Scopes.
    /** The scope of a signed-in client's active link; a ServiceError 403 `no_active_link` when there is none. */
    scope: (actor: Actor, userId: string) => service.get<WithPermissions<Plain<ClientScopeValid>>>(actor, `/scopes/${segment(userId)}`),
    linkScope: (actor: Actor, linkId: string) => service.get<WithPermissions<Plain<LinkScopeValid>>>(actor, `${link(linkId)}/scope`),
    diagnose: (actor: Actor, linkId: string, query: Omit<Plain<DiagnosticsQuery>, 'linkId'>) => {
      const asked = queryString(DiagnosticsQuerySchema, { objectType: query.objectType, objectId: query.objectId });
      return service.get<Plain<DiagnosisValid>>(actor, `${link(linkId)}/diagnostics${asked}`);
    },

    // Policies.
    changeCompanyPolicy: (actor: Actor, companyId: string, body: Body<PolicyRequest>, options?: Change) =>
      service.post<Plain<CompanyPolicyChangeValid>>(actor, `${company(companyId)}/policy${dryRunQuery(options)}`, body),
    changeCompanyAccess: (actor: Actor, companyId: string, body: Body<CompanyAccessRequest>, options?: Change) =>
      service.post<Plain<CompanyAccessChangeValid>>(actor, `${company(companyId)}/access${dryRunQuery(options)}`, body),
    contactPolicy: (actor: Actor, contactId: string, companyId: string) => service.get<Plain<PolicyValid>>(actor, contactPolicy(contactId, companyId)),
    changeContactPolicy: (actor: Actor, contactId: string, companyId: string, body: Body<PolicyRequest>, options?: Change) =>
      service.post<Plain<ContactPolicyChangeValid>>(actor, `${contactPolicy(contactId, companyId)}${dryRunQuery(options)}`, body),

    audit: (actor: Actor, query: Plain<AuditQuery>) => service.get<Plain<AuditTrailValid>>(actor, `/audit${queryString(AuditQuerySchema, query)}`),
  };
}

export type PolicyClient = ReturnType<typeof policyClient>;
