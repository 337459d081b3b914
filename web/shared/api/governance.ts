/** The governance client (/api/governance, employees). */
import type { DiagnosticObject, LinkStatus } from '../../../domain/vocabulary.js';
import type {
  AuditEntry,
  AuditFilter,
  Company,
  CompanyDetail,
  Contact,
  Employee,
  LinkReview,
  LinkReviewRequest,
  Mail,
  MailSummary,
  NewPortalUser,
  PortalUser,
  SecuritySettings,
} from './governance-types.js';
import { type ApiResult, enc, exchange, query, upload } from './http.js';
import type {
  ChannelLinksQuery,
  ChecklistEntry,
  CompanyAccess,
  Diagnosis,
  GovernedChannelLink,
  Invitation,
  LinkCompaniesChange,
  LinkDetail,
  LinksPage,
  LinksQuery,
  LinkStatusAnswer,
  LinkStatusChange,
  OpenDocuments,
  PolicyAnswer,
  Previewed,
  ViewAs,
  WorkflowStatus,
} from './link-types.js';
import type { ChannelLink, ClientRequest } from './portal-types.js';
import type { PipelineDetail, PipelineInput, StatusInput, TeamMessageInput, TeamRequest, TeamRequestPage, TeamRequestQuery } from './request-types.js';
import type { Attachment, Channel, ChannelMessageInput, Policy } from './shapes.js';
import type {
  NewTeamDocument,
  PublishedDocument,
  SignatureRequestInput,
  SignatureWorkflowStatus,
  TeamDocument,
  TeamDocumentDetail,
  TeamDocumentQuery,
} from './document-types.js';
import type { NotificationList, NotificationSetting, NotificationSettings } from './notification-types.js';

/**
 * The governance client. A 401 on any call but `me` means the employee's
 * session ended: `onUnauthorized` is told, once per call.
 */
export function createGovernanceApi() {
  let onUnauthorized: () => void = () => {};
  const call = async <T>(path: string, body?: unknown, method?: 'DELETE'): Promise<ApiResult<T>> => {
    const r = await exchange<T>(`/api/governance${path}`, body, method);
    if (r.status === 401 && path !== '/me') onUnauthorized();
    return r;
  };
  const link = (id: string) => `/links/${enc(id)}`;
  const request = (id: string) => `/requests/${enc(id)}`;
  const channel = (companyId: string) => `/companies/${enc(companyId)}/channel/messages`;
  const doc = (id: string) => `/documents/${enc(id)}`;
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
    employees: () => call<{ employees: Employee[] }>('/employees'),

    // Link wizard
    reviewLink: (body: LinkReviewRequest) => call<LinkReview>('/link-wizard/review', body),
    confirmLink: (reviewId: string) => call<{ linkId: string; workflowId: string }>('/link-wizard/confirm', { reviewId }),

    // Client links
    links: (q: LinksQuery) => call<LinksPage>(`/links${query({ ...q })}`),
    link: (id: string) => call<LinkDetail>(link(id)),
    linkStatus: (id: string) => twins<LinkStatusChange, LinkStatusAnswer, Previewed & { status: LinkStatus }>(`${link(id)}/status`),
    /** The client's unfinished requests: before disabling or revoking, each may be closed or handed over. */
    openRequests: (id: string) => call<{ requests: ClientRequest[] }>(`${link(id)}/open-requests`),
    /** … and the documents it is still asked to answer or sign. */
    openDocuments: (id: string) => call<OpenDocuments>(`${link(id)}/open-documents`),
    linkCompanies: (id: string) => twins<LinkCompaniesChange, Previewed & LinkCompaniesChange>(`${link(id)}/companies`),
    endSessions: (id: string) => call<{ ended: number }>(`${link(id)}/sessions/end`, {}),
    issueInvitation: (id: string) => call<{ invitationId: string; workflowId: string }>(`${link(id)}/invitations`, {}),
    revokeInvitation: (invitationId: string) => call<Invitation>(`/invitations/${enc(invitationId)}/revoke`, {}),
    revokeChannelLink: (channelLinkId: string) => call<ChannelLink>(`/channel-links/${enc(channelLinkId)}/revoke`, {}),
    /** Every Telegram and widget connection of the clients the employee may govern, newest first. */
    channelLinks: (q: ChannelLinksQuery) => call<{ channelLinks: GovernedChannelLink[] }>(`/channel-links${query({ ...q })}`),
    /** The clients who signed in and whose access nobody re-checked since (seed page 000, "after the first login"). */
    onboardingChecklist: () => call<{ links: ChecklistEntry[] }>('/onboarding-checklist'),
    /** The link's access is re-checked (audited): it leaves the checklist. */
    accessChecked: (linkId: string) => call<{ checked: true }>(`${link(linkId)}/access-checked`, {}),
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

    // Requests: the inbox of the companies the employee may govern, and one request with everything
    requests: (q: TeamRequestQuery) => call<TeamRequestPage>(`/requests${query({ ...q })}`),
    request: (id: string) => call<TeamRequest>(request(id)),
    /** A reply the client reads, or an internal comment (`internal`) they never see; answers the whole request again. */
    postMessage: (id: string, body: TeamMessageInput) => call<TeamRequest>(`${request(id)}/messages`, body),
    setStatus: (id: string, body: StatusInput) => call<TeamRequest>(`${request(id)}/status`, body),
    setAssignee: (id: string, assigneeId: string) => call<TeamRequest>(`${request(id)}/assignee`, { assigneeId }),
    setFollowers: (id: string, followerIds: string[]) => call<TeamRequest>(`${request(id)}/followers`, { followerIds }),

    // A company's general channel, the team's side
    channel: (companyId: string) => call<Channel>(channel(companyId)),
    postChannel: (companyId: string, body: ChannelMessageInput) => call<Channel>(channel(companyId), body),

    // Pipelines and their request forms: every employee reads them, administrators and department leads change them
    pipelines: () => call<{ pipelines: PipelineDetail[] }>('/pipelines'),
    pipeline: (id: string) => call<PipelineDetail>(`/pipelines/${enc(id)}`),
    createPipeline: (body: PipelineInput) => call<PipelineDetail>('/pipelines', body),
    savePipeline: (id: string, body: PipelineInput) => call<PipelineDetail>(`/pipelines/${enc(id)}`, body),

    // Files: uploaded first, then their ids sent with a message
    upload: async (file: File) => {
      const r = await upload<Attachment>('/api/governance/attachments', file);
      if (r.status === 401) onUnauthorized();
      return r;
    },
    deleteAttachment: (id: string) => call<{ deleted: true }>(`/attachments/${enc(id)}`, {}, 'DELETE'),
    /** Where a file downloads from (a plain link). */
    attachmentUrl: (id: string) => `/api/governance/attachments/${enc(id)}`,

    // Documents: drafts, versions (each upload a new one), the pre-publish preview of who will see it, publish and unpublish
    /** The documents of the companies this employee may govern (drafts included). */
    documents: (q: TeamDocumentQuery) =>
      call<{ documents: TeamDocument[] }>(`/documents${query({ ...q, pendingAction: q.pendingAction ? 'true' : undefined })}`),
    document: (id: string) => call<TeamDocumentDetail>(doc(id)),
    createDocument: (body: NewTeamDocument) => call<TeamDocumentDetail>('/documents', body),
    /** The file becomes the document's next version. */
    uploadVersion: async (id: string, file: File) => {
      const r = await upload<TeamDocumentDetail>(`/api/governance${doc(id)}/versions`, file);
      if (r.status === 401) onUnauthorized();
      return r;
    },
    /** The preview answers exactly who will see it and writes nothing; apply publishes. */
    publishDocument: (id: string) => twins<Record<string, never>, PublishedDocument>(`${doc(id)}/publish`),
    unpublishDocument: (id: string) => call<TeamDocumentDetail>(`${doc(id)}/unpublish`, {}),
    /** Where a document's file downloads from; `inline` shows a PDF or an image in the browser instead. */
    documentFileUrl: (id: string, fileId: string, inline = false) => `/api/governance${doc(id)}/files/${enc(fileId)}${inline ? '?inline=1' : ''}`,
    /** Asks the contacts (in signing order) to sign the published document's latest version; answers the whole document. */
    requestSignatures: (id: string, body: SignatureRequestInput) => call<TeamDocumentDetail>(`${doc(id)}/signature-requests`, body),
    withdrawSignatures: (id: string, requestId: string) => call<TeamDocumentDetail>(`${doc(id)}/signature-requests/${enc(requestId)}/withdraw`, {}),
    /** The signature workflow's own status (its step and each signer as it last read them). */
    signatureWorkflow: (id: string, requestId: string) => call<SignatureWorkflowStatus>(`${doc(id)}/signature-requests/${enc(requestId)}/workflow`),

    // Security, audit, mail
    securitySettings: () => call<SecuritySettings>('/security-settings'),
    /** The form sends what was typed: a field that is not a number comes back as an error naming it. */
    saveSecuritySettings: (body: Record<keyof SecuritySettings, number | boolean | string>) => call<SecuritySettings>('/security-settings', body),
    audit: (filter: AuditFilter) => call<{ entries: AuditEntry[] }>(`/audit${query({ ...filter })}`),
    mail: () => call<{ messages: MailSummary[] }>('/mail'),
    mailMessage: (id: string) => call<Mail>(`/mail/${enc(id)}`),

    // Notifications: the feed (newest 50, with the unread count), marking read (the ones named, or all), which kinds come by email.
    notifications: () => call<NotificationList>('/notifications'),
    markNotificationsRead: (ids?: string[]) => call<{ marked: number }>('/notifications/read', ids ? { ids } : {}),
    notificationSettings: () => call<NotificationSettings>('/notification-settings'),
    changeNotificationSettings: (settings: NotificationSetting[]) => call<NotificationSettings>('/notification-settings', { settings }),
  };
}

export type GovernanceApi = ReturnType<typeof createGovernanceApi>;
