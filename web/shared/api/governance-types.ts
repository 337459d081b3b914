/** What the governance endpoints (/api/governance, employees) take and answer: the directory, the link wizard, security, audit and mail. */
import type { EmployeeRole, GrantRule, LinkStatus } from '../../../domain/vocabulary.js';
import type { DateTime } from './http.js';
import type { Policy } from './shapes.js';

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
