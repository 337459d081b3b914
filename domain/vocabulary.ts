/**
 * The shared vocabulary of the product: every list of values that crosses a
 * process or reaches a screen, declared once. Services, gateway, workflows and
 * both web apps import it; nothing restates it. Human wording is in wording.ts.
 */

/** Permissions of the seed's policy table, plus document access. */
export const PERMISSIONS = ['requestCreate', 'requestChatRead', 'requestChatSend', 'generalChat', 'calls', 'telegram', 'widget', 'documents'] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** What a new link gets at first, within the company policy. */
export const STARTER_PERMISSIONS: readonly Permission[] = ['requestCreate', 'requestChatRead', 'requestChatSend'];

/** The permissions a client turns on themselves: the channel connections. */
export const CHANNEL_KINDS = ['telegram', 'widget'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

/** Employee roles of the governance area. */
export const EMPLOYEE_ROLES = ['administrator', 'department_lead', 'account_manager'] as const;
export type EmployeeRole = (typeof EMPLOYEE_ROLES)[number];

/** Who, besides administrators, may grant extranet access to a company's contacts. */
export const GRANT_RULES = ['administrators', 'account_managers', 'all_employees'] as const;
export type GrantRule = (typeof GRANT_RULES)[number];

/** A link's lifecycle: active, disabled (paused), revoked (final). */
export const LINK_STATUSES = ['active', 'disabled', 'revoked'] as const;
export type LinkStatus = (typeof LINK_STATUSES)[number];

export const INVITATION_STATUSES = ['pending', 'used', 'revoked', 'expired'] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

export const REQUEST_STATUSES = ['new', 'in_progress', 'waiting_for_client', 'resolved', 'closed'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export const DOCUMENT_STATUSES = ['draft', 'published', 'withdrawn'] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];

/** What the client is expected to do with a published document. */
export const DOCUMENT_ACTIONS = ['review', 'approve', 'sign', 'attach'] as const;
export type DocumentAction = (typeof DOCUMENT_ACTIONS)[number];

/** The kinds of object diagnostics can explain. */
export const DIAGNOSTIC_OBJECTS = ['request', 'chat', 'document', 'pipeline'] as const;
export type DiagnosticObject = (typeof DIAGNOSTIC_OBJECTS)[number];

/** The elements diagnostics walks, in order. */
export const DIAGNOSTIC_STEPS = ['user', 'link', 'contact', 'companies', 'effective-policy', 'object'] as const;
export type DiagnosticStep = (typeof DIAGNOSTIC_STEPS)[number];

/** A value of a vocabulary list, or undefined: the one way untrusted text becomes a vocabulary value. */
export function oneOf<const T extends readonly string[]>(list: T, value: unknown): T[number] | undefined {
  return typeof value === 'string' && (list as readonly string[]).includes(value) ? (value as T[number]) : undefined;
}
