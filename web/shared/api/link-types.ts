/** What the governance endpoints answer about client links: their list and detail, changes and their impact, diagnostics. */
import type {
  ChannelKind,
  DiagnosticObject,
  DocumentAction,
  DiagnosticStep,
  GrantRule,
  InvitationStatus,
  LinkStatus,
  Permission,
  RequestStatus,
} from '../../../domain/vocabulary.js';
import type { Company, PortalUser } from './governance-types.js';
import type { DateTime } from './http.js';
import type { ChannelLink } from './portal-types.js';
import type { Pipeline, Policy } from './shapes.js';

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
  /** Unfinished requests of the contact still open after it, to close or hand over. */
  openRequestIds: string[];
  /** Missing from reports of offboardings begun before these steps existed. */
  signatureRequestsWithdrawn?: string[];
  closedRequestIds?: string[];
  handedOverRequestIds?: string[];
}

/** What becomes of one unfinished request when a collaboration ends: closed with a reason the client reads, or handed over to an employee. */
export interface RequestDisposition {
  requestId: string;
  action: 'close' | 'hand_over';
  reason?: string;
  employeeId?: string;
}

/** A status change; disabling and revoking may say what becomes of the client's unfinished requests (those not named stay open). */
export interface LinkStatusChange {
  status: LinkStatus;
  requests?: RequestDisposition[];
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

/** One entry of the onboarding checklist: a client who signed in and whose access nobody re-checked yet. */
export interface ChecklistEntry {
  linkId: string;
  user: Omit<PortalUser, 'activated'>;
  contact: LinkSummary['contact'];
  companies: LinkCompany[];
  firstSignInAt: DateTime;
}

/** The filters of the channel links across clients; empty: any. */
export interface ChannelLinksQuery {
  companyId?: string;
  kind?: ChannelKind | '';
  status?: ChannelLink['status'] | '';
}

/** A channel connection as the list across clients shows it: with its client's contact and companies by name. */
export interface GovernedChannelLink extends ChannelLink {
  userId: string;
  contactName: string;
  companyNames: string[];
}

/** Before a collaboration ends: what its client is still asked to do (GET /links/:id/open-documents). */
export interface OpenDocuments {
  /** Published documents awaiting the client's answer on their latest version. */
  actions: { documentId: string; title: string; companyId: string; expectedAction: Exclude<DocumentAction, 'sign'>; versionNumber: number }[];
  /** Pending signature requests the client has still to sign: ending the collaboration withdraws them. */
  signatures: { signatureRequestId: string; documentId: string; title: string; companyId: string; deadlineAt: DateTime; turn: boolean }[];
}
