/**
 * The one typed client of the gateway's API for both web apps: every endpoint
 * they call, with its request and answer types. Errors are always
 * `{ error: { code, message, details: { field } } }`; a call never throws, it
 * answers an ApiResult.
 */
import type {
  ChannelKind,
  DiagnosticObject,
  DiagnosticStep,
  DocumentAction,
  DocumentStatus,
  EmployeeRole,
  GrantRule,
  InvitationStatus,
  LinkStatus,
  Permission,
  RequestStatus,
} from '../../domain/vocabulary.js';

// ——— Exchanges and errors ———

export interface ApiError {
  code: string;
  message: string;
  /** `field` names the request field at fault; some errors say more (a weak password: `unmet`, the rules it misses). */
  details: { field?: string; unmet?: string[]; [key: string]: unknown };
}

export type ApiResult<T> = { ok: true; status: number; data: T } | { ok: false; status: number; error: ApiError };

/** An ISO date-time as JSON carries it. */
export type DateTime = string;

const NETWORK: ApiError = { code: 'network', message: 'The server cannot be reached; check your connection and try again.', details: {} };

/** One HTTP exchange: GET without a body, POST with a JSON one. */
async function exchange<T>(url: string, body?: unknown): Promise<ApiResult<T>> {
  const init: RequestInit =
    body === undefined
      ? { headers: { accept: 'application/json' } }
      : { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body) };
  let res: Response;
  try {
    res = await fetch(url, init);
  } catch {
    return { ok: false, status: 0, error: NETWORK };
  }
  let data: unknown = null;
  try {
    data = await res.json();
  } catch {
    // Not JSON.
  }
  if (res.ok) return { ok: true, status: res.status, data: data as T };
  const e = (data as { error?: Partial<ApiError> } | null)?.error;
  const error: ApiError =
    e && typeof e.message === 'string'
      ? { code: typeof e.code === 'string' ? e.code : `http_${res.status}`, message: e.message, details: e.details ?? {} }
      : { code: `http_${res.status}`, message: `The server answered ${res.status}; please try again.`, details: {} };
  return { ok: false, status: res.status, error };
}

const enc = encodeURIComponent;
const query = (params: Record<string, string | number | undefined>) => {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') qs.set(k, String(v));
  const s = qs.toString();
  return s ? `?${s}` : '';
};

// ——— Shared shapes ———

export interface Policy {
  permissions: Permission[];
  pipelineIds: string[];
}

export interface Pipeline {
  id: string;
  name: string;
}

// ——— Portal (/api/portal, clients) ———

export interface ActivationInfo {
  existingAccount: boolean;
  expiresAt: DateTime;
}

export interface PortalCompany {
  id: string;
  name: string;
  permissions: Permission[];
  pipelineIds: string[];
}

export interface PortalMe {
  user: { id: string; login: string; firstName: string; lastName: string; email: string };
  contact: unknown;
  defaultCompany: { id: string; name: string } | null;
  companies: PortalCompany[];
}

export interface ClientRequest {
  id: string;
  companyId: string;
  pipelineId: string;
  title: string;
  description: string | null;
  status: RequestStatus;
  responsible: string | null;
  createdAt: DateTime;
}

export interface NewClientRequest {
  companyId: string;
  pipelineId: string;
  title: string;
  description: string;
}

export interface RequestMessage {
  id: string;
  authorKind: string;
  authorName: string | null;
  body: string;
  createdAt: DateTime;
}

export interface ClientDocument {
  id: string;
  companyId: string;
  title: string;
  status: DocumentStatus;
  expectedAction: DocumentAction | null;
  publishedAt: DateTime | null;
}

export interface ChannelLink {
  id: string;
  linkId: string;
  kind: ChannelKind;
  externalRef: string;
  status: 'active' | 'revoked';
  createdAt: DateTime;
  revokedAt: DateTime | null;
}

/** Calls that never renew the session: signing in and out, and the renewal itself. */
type Renewal = 'renew' | 'once';

/**
 * The portal's client. The access token is short-lived: on a 401 the session is
 * renewed once with the refresh token and the call retried. Concurrent calls
 * share one renewal, because presenting the same refresh token twice ends the
 * whole session (reuse detection).
 */
export function createPortalApi() {
  let renewals = 0;
  let renewing: Promise<boolean> | null = null;

  function renew(): Promise<boolean> {
    if (!renewing) {
      const current = exchange<{ refreshed: true }>('/api/portal/refresh', {}).then((r) => {
        if (r.ok) renewals++;
        return r.ok;
      });
      renewing = current;
      void current.finally(() => {
        if (renewing === current) renewing = null;
      });
    }
    return renewing;
  }

  async function call<T>(path: string, body?: unknown, renewal: Renewal = 'renew'): Promise<ApiResult<T>> {
    const before = renewals;
    const r = await exchange<T>(`/api/portal${path}`, body);
    if (r.status !== 401 || renewal === 'once') return r;
    // Another call renewed the session meanwhile: retry with the new token at once.
    if (renewals !== before || (await renew())) return exchange<T>(`/api/portal${path}`, body);
    return r;
  }

  return {
    /** A new account sets a password; an existing one accepts the invitation with its own. */
    activationInfo: (token: string) => call<ActivationInfo>('/activation-info', { token }, 'once'),
    activate: (body: { token: string; password: string }) => call<{ signedIn: true; userId: string }>('/activate', body, 'once'),
    login: (body: { login: string; password: string }) => call<{ signedIn: true; userId: string }>('/login', body, 'once'),
    logout: () => call<{ signedOut: true }>('/logout', {}, 'once'),
    me: () => call<PortalMe>('/me'),
    changePassword: (body: { currentPassword: string; newPassword: string }) => call<unknown>('/password', body),
    pipelines: () => call<{ pipelines: Pipeline[] }>('/pipelines'),
    requests: () => call<{ requests: ClientRequest[] }>('/requests'),
    createRequest: (body: NewClientRequest) => call<ClientRequest>('/requests', body),
    request: (id: string) => call<ClientRequest>(`/requests/${enc(id)}`),
    messages: (requestId: string) => call<{ messages: RequestMessage[] }>(`/requests/${enc(requestId)}/messages`),
    sendMessage: (requestId: string, body: { body: string }) => call<RequestMessage>(`/requests/${enc(requestId)}/messages`, body),
    documents: () => call<{ documents: ClientDocument[] }>('/documents'),
    connectChannel: (body: { kind: ChannelKind; externalRef: string }) => call<ChannelLink>('/channel-links', body),
  };
}

// ——— Governance (/api/governance, employees) ———

export interface Employee {
  id: string;
  name: string;
  email: string;
  role: EmployeeRole;
  disabled?: boolean;
}

export interface PortalUser {
  id: string;
  login: string;
  email: string;
  firstName: string;
  lastName: string;
  activated: boolean;
}

export interface NewPortalUser {
  login: string;
  email: string;
  firstName: string;
  lastName: string;
}

export interface Company {
  id: string;
  name: string;
  kind: 'client' | 'agency' | string;
  extranetEnabled: boolean;
}

export interface CompanyDetail extends Company {
  grantAccess: GrantRule;
  managerIds: string[];
  policy: Policy;
}

export interface Contact {
  id: string;
  firstName: string;
  lastName: string;
  email: string;
  companyIds: string[];
  /** One portal user belongs to one person: the user whose link (not revoked) already holds this contact. */
  heldBy: { linkId: string; userId: string; login: string; status: LinkStatus } | null;
}

export interface LinkReviewRequest {
  userId: string;
  contactId: string;
  companyIds: string[];
  defaultCompanyId: string;
}

export interface LinkReview {
  reviewId: string;
  user: PortalUser;
  contact: Omit<Contact, 'companyIds' | 'heldBy'>;
  companies: { id: string; name: string }[];
  defaultCompanyId: string;
}

export type LinkSort = 'createdAt' | 'login' | 'contact' | 'status';

export interface LinksQuery {
  q?: string;
  status?: LinkStatus | '';
  page: number;
  pageSize: number;
  sort: LinkSort;
  order: 'asc' | 'desc';
}

export interface LinkCompany extends Company {
  companyPolicy: Policy | null;
  contactPolicy: Policy | null;
  effectivePolicy: Policy | null;
}

export interface LinkSummary {
  id: string;
  status: LinkStatus;
  user: Omit<PortalUser, 'activated'>;
  contact: { id: string; firstName: string; lastName: string; email: string };
  defaultCompanyId: string;
  createdBy: string;
  createdAt: DateTime;
  companies: LinkCompany[];
  invitedBy: { id: string; name: string } | null;
}

export interface LinksPage {
  links: LinkSummary[];
  total: number;
  page: number;
  pageSize: number;
}

export interface Invitation {
  id: string;
  linkId: string;
  email: string;
  status: InvitationStatus;
  issuedBy: string;
  issuedByName?: string;
  issuedAt: DateTime;
  expiresAt: DateTime;
  endedAt: DateTime | null;
}

export interface ClientSession {
  id: string;
  createdAt: DateTime;
  expiresAt: DateTime;
  refreshExpiresAt: DateTime;
  endedAt: DateTime | null;
  endReason: string | null;
}

/** The `status` query every workflow answers, as GET /workflows/:id gives it. */
export interface WorkflowStatus {
  workflowId?: string;
  step: string;
  linkId: string;
  invitationId: string;
  outcome: string;
  /** Temporal's execution status (RUNNING, COMPLETED, FAILED…), or `unavailable` when Temporal cannot answer. */
  state: string;
  /** An offboarding's report, once it is completed. */
  report?: OffboardingReport | null;
}

export interface LinkDetail extends Omit<LinkSummary, 'invitedBy'> {
  invitations: Invitation[];
  onboarding: WorkflowStatus | { state: 'unavailable'; error: string } | null;
  sessions: ClientSession[];
  channelLinks: ChannelLink[];
}

/** What a change does to one company's access of a link. */
export interface PermissionChange {
  companyId: string;
  gainedPermissions: Permission[];
  lostPermissions: Permission[];
  gainedPipelineIds: string[];
  lostPipelineIds: string[];
}

export interface ObjectChange {
  gained: number;
  lost: number;
  gainedIds: string[];
  lostIds: string[];
}

/** What a change does, per affected link. */
export interface Impact {
  affectedLinks: number;
  links: {
    linkId: string;
    contactId: string;
    contactName: string;
    permissions: PermissionChange[];
    requests: ObjectChange;
    chats: ObjectChange;
    documents: ObjectChange;
  }[];
}

export interface Previewed {
  applied: boolean;
  impact: Impact;
}

/** What ending a collaboration did: nothing is left open without being listed here. */
export interface OffboardingReport {
  sessionsEnded: number;
  invitationsRevoked: string[];
  channelLinksRevoked: string[];
  /** Unfinished requests of the contact, to close or hand over. */
  openRequestIds: string[];
}

/**
 * A status change. Enabling answers at once. Disabling and revoking run the
 * offboarding workflow: the answer carries its `report` when the gateway waited
 * for it, or (202) the `workflowId` to follow until its step is `completed`.
 */
export type LinkStatusAnswer =
  | (Previewed & { status: LinkStatus; report?: OffboardingReport | null; workflowId?: undefined })
  | { accepted: true; status: LinkStatus; impact: Impact; workflowId: string };

export interface LinkCompaniesChange {
  companyIds: string[];
  defaultCompanyId: string;
}

export interface PolicyAnswer extends Previewed {
  policy: Policy;
  /** Contact policies: what the client gets, the company policy narrowed by this one. */
  effectivePolicy?: Policy;
}

export interface CompanyAccess {
  extranetEnabled: boolean;
  grantAccess: GrantRule;
}

export interface Diagnosis {
  linkId: string;
  object: { type: DiagnosticObject; id: string; title: string } | null;
  visible: boolean;
  firstDenial: { element: DiagnosticStep; reason: string; fix?: string } | null;
  steps: { element: DiagnosticStep; status: 'pass' | 'fail'; reason: string; fix?: string }[];
}

export interface ViewAs {
  linkId: string;
  status: LinkStatus;
  companies: { companyId: string; permissions: Permission[]; pipelineIds: string[] }[];
  sections: {
    requests: { visible: number; items: { id: string; title: string; status: RequestStatus }[]; canCreate: boolean };
    requestChat: { readable: number; canSend: boolean };
    pipelines: Pipeline[];
    documents: { visible: number; items: { id: string; title: string }[] };
    generalChat: boolean;
    calls: boolean;
    telegram: boolean;
    widget: boolean;
  };
}

export interface SecuritySettings {
  passwordMinLength: number;
  passwordRequireLowercase: boolean;
  passwordRequireUppercase: boolean;
  passwordRequireDigit: boolean;
  passwordRequireSpecial: boolean;
  maxFailedAttempts: number;
  lockoutSeconds: number;
  accessLifetimeSeconds: number;
  refreshLifetimeSeconds: number;
  invitationLifetimeSeconds: number;
}

export interface AuditEntry {
  id: string;
  at: DateTime;
  actor: { kind: string; id: string };
  action: string;
  entityType: string;
  entityId: string | null;
  linkId: string | null;
  companyId: string | null;
  before: unknown;
  after: unknown;
}

export interface AuditFilter {
  linkId?: string;
  companyId?: string;
  actorId?: string;
}

export interface MailSummary {
  id: string;
  receivedAt: DateTime;
  from: string;
  to: string[];
  subject: string;
}

export interface Mail extends MailSummary {
  text: string;
}

/**
 * The governance client. A 401 on any call but `me` means the employee's
 * session ended: `onUnauthorized` is told, once per call.
 */
export function createGovernanceApi() {
  let onUnauthorized: () => void = () => {};
  const call = async <T>(path: string, body?: unknown): Promise<ApiResult<T>> => {
    const r = await exchange<T>(`/api/governance${path}`, body);
    if (r.status === 401 && path !== '/me') onUnauthorized();
    return r;
  };
  const link = (id: string) => `/links/${enc(id)}`;
  /** A change and its `/preview` twin, which answers the impact and writes nothing. */
  const twins = <B, T, P = T>(path: string) => ({
    preview: (body: B) => call<P>(`${path}/preview`, body),
    apply: (body: B) => call<T>(path, body),
  });

  return {
    /** Who hears that the employee's session ended. */
    whenUnauthorized(fn: () => void) {
      onUnauthorized = fn;
    },
    me: () => call<Employee>('/me'),
    /** Signs the employee out of the governance area (the OIDC session cookie). */
    signOut: () => exchange<unknown>('/auth/logout', {}),

    // Directory
    users: (q: string) => call<{ users: PortalUser[] }>(`/users?q=${enc(q)}`),
    createUser: (body: NewPortalUser) => call<PortalUser>('/users', body),
    companies: () => call<{ companies: Company[] }>('/companies'),
    company: (id: string) => call<CompanyDetail>(`/companies/${enc(id)}`),
    contacts: (companyId: string) => call<{ contacts: Contact[] }>(`/contacts${query({ companyId })}`),
    pipelines: () => call<{ pipelines: Pipeline[] }>('/pipelines'),
    employees: () => call<{ employees: Employee[] }>('/employees'),

    // Link wizard
    reviewLink: (body: LinkReviewRequest) => call<LinkReview>('/link-wizard/review', body),
    confirmLink: (reviewId: string) => call<{ linkId: string; workflowId: string }>('/link-wizard/confirm', { reviewId }),

    // Client links
    links: (q: LinksQuery) => call<LinksPage>(`/links${query({ ...q })}`),
    link: (id: string) => call<LinkDetail>(link(id)),
    linkStatus: (id: string) => twins<{ status: LinkStatus }, LinkStatusAnswer, Previewed & { status: LinkStatus }>(`${link(id)}/status`),
    linkCompanies: (id: string) => twins<LinkCompaniesChange, Previewed & LinkCompaniesChange>(`${link(id)}/companies`),
    endSessions: (id: string) => call<{ ended: number }>(`${link(id)}/sessions/end`, {}),
    issueInvitation: (id: string) => call<{ invitationId: string; workflowId: string }>(`${link(id)}/invitations`, {}),
    revokeInvitation: (invitationId: string) => call<Invitation>(`/invitations/${enc(invitationId)}/revoke`, {}),
    revokeChannelLink: (channelLinkId: string) => call<ChannelLink>(`/channel-links/${enc(channelLinkId)}/revoke`, {}),
    workflow: (workflowId: string) => call<WorkflowStatus>(`/workflows/${enc(workflowId)}`),

    // Policies and access
    companyPolicy: (companyId: string) => twins<Policy, PolicyAnswer>(`/companies/${enc(companyId)}/policy`),
    contactPolicyOf: (contactId: string, companyId: string) => call<Policy>(`/contacts/${enc(contactId)}/policies/${enc(companyId)}`),
    contactPolicy: (contactId: string, companyId: string) => twins<Policy, PolicyAnswer>(`/contacts/${enc(contactId)}/policies/${enc(companyId)}`),
    companyAccess: (companyId: string) => twins<CompanyAccess, Previewed & CompanyAccess>(`/companies/${enc(companyId)}/access`),

    // Diagnostics
    /** Without an object: the link as a whole. An empty objectId is sent as such, and refused naming it. */
    diagnostics: (id: string, object?: { objectType: DiagnosticObject; objectId: string }) =>
      call<Diagnosis>(`${link(id)}/diagnostics${object ? `?${new URLSearchParams(object)}` : ''}`),
    viewAs: (id: string) => call<ViewAs>(`${link(id)}/view-as`),

    // Security, audit, mail
    securitySettings: () => call<SecuritySettings>('/security-settings'),
    /** The form sends what was typed: a field that is not a number comes back as an error naming it. */
    saveSecuritySettings: (body: Record<keyof SecuritySettings, number | boolean | string>) => call<SecuritySettings>('/security-settings', body),
    audit: (filter: AuditFilter) => call<{ entries: AuditEntry[] }>(`/audit${query({ ...filter })}`),
    mail: () => call<{ messages: MailSummary[] }>('/mail'),
    mailMessage: (id: string) => call<Mail>(`/mail/${enc(id)}`),
  };
}

export type PortalApi = ReturnType<typeof createPortalApi>;
export type GovernanceApi = ReturnType<typeof createGovernanceApi>;
