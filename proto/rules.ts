/**
 * Field rules beside the generated messages: the proto files name each rule in
 * a comment; this file is where they are enforced (remote protovalidate rules
 * cannot be fetched here).
 */
import type {
  CreatePortalUserRequestSchema,
  LinkReviewRequestSchema,
  ConfirmLinkRequestSchema,
  IssueInvitationRequestSchema,
  PolicyRequestSchema,
  CompanyAccessRequestSchema,
  LinkStatusRequestSchema,
  LinkCompaniesRequestSchema,
  SecuritySettingsRequestSchema,
} from './gen/extranet/v1/governance_pb.js';
import { PERMISSIONS } from '../domain/vocabulary.js';
import type {
  ActivateRequestSchema,
  LoginRequestSchema,
  CreateClientRequestRequestSchema,
  PostRequestMessageRequestSchema,
  ChangePasswordRequestSchema,
  ChannelLinkRequestSchema,
} from './gen/extranet/v1/portal_pb.js';
import { between, email, length, matches, oneOf, required, uuid, uuids, type Rule, type Rules } from './validate.js';

const amongCompanies: Rule = (v, m) => (typeof v === 'string' && v !== '' && !(m.companyIds as string[]).includes(v) ? 'must be one of companyIds' : null);

export const createPortalUserRules: Rules<typeof CreatePortalUserRequestSchema> = {
  login: [required, matches(/^[a-z0-9._-]{3,64}$/, '3 to 64 lowercase letters, digits, dots, dashes or underscores')],
  email: [required, email],
  firstName: [required, length(1, 100)],
  lastName: [required, length(1, 100)],
};

export const linkReviewRules: Rules<typeof LinkReviewRequestSchema> = {
  userId: [required, uuid],
  contactId: [required, uuid],
  companyIds: [required, uuids(1, 20)],
  defaultCompanyId: [required, uuid, amongCompanies],
};

export const confirmLinkRules: Rules<typeof ConfirmLinkRequestSchema> = { reviewId: [required, uuid] };
export const issueInvitationRules: Rules<typeof IssueInvitationRequestSchema> = { contactId: [uuid] };

export const activateRules: Rules<typeof ActivateRequestSchema> = {
  token: [required, matches(/^[A-Za-z0-9_-]{43}$/, 'an activation token from the invitation email')],
  password: [required, length(1, 200)],
};
export const loginRules: Rules<typeof LoginRequestSchema> = {
  login: [required, length(1, 254)],
  password: [required, length(1, 200)],
};
export const createClientRequestRules: Rules<typeof CreateClientRequestRequestSchema> = {
  companyId: [required, uuid],
  pipelineId: [required, uuid],
  title: [required, length(1, 200)],
  description: [length(0, 10000)],
};
export const postRequestMessageRules: Rules<typeof PostRequestMessageRequestSchema> = { body: [required, length(1, 10000)] };

const permissionList: Rule = (v) => {
  const list = v as string[];
  const unknown = list.filter((p) => !(PERMISSIONS as readonly string[]).includes(p));
  if (unknown.length) return `has unknown permissions: ${unknown.join(', ')} (known: ${PERMISSIONS.join(', ')})`;
  if (new Set(list).size !== list.length) return 'must not repeat a permission';
  if (list.includes('requestChatSend') && !list.includes('requestChatRead')) return 'cannot include request chat sending without request chat reading';
  return null;
};

export const policyRules: Rules<typeof PolicyRequestSchema> = { permissions: [permissionList], pipelineIds: [uuids(0, 50)] };
export const GRANT_ACCESS = ['administrators', 'account_managers', 'all_employees'] as const;
export const companyAccessRules: Rules<typeof CompanyAccessRequestSchema> = { grantAccess: [required, oneOf(GRANT_ACCESS)] };
export const LINK_STATUSES = ['active', 'disabled', 'revoked'] as const;
export const linkStatusRules: Rules<typeof LinkStatusRequestSchema> = { status: [required, oneOf(LINK_STATUSES)], employeeId: [uuid] };
export const linkCompaniesRules: Rules<typeof LinkCompaniesRequestSchema> = {
  companyIds: [required, uuids(1, 20)],
  defaultCompanyId: [required, uuid, amongCompanies],
};
const atLeastAccess: Rule = (v, m) => (typeof v === 'number' && v < (m.accessLifetimeSeconds as number) ? 'must be at least accessLifetimeSeconds' : null);
export const securitySettingsRules: Rules<typeof SecuritySettingsRequestSchema> = {
  passwordMinLength: [between(8, 128)],
  maxFailedAttempts: [between(3, 100)],
  lockoutSeconds: [between(1, 86400)],
  accessLifetimeSeconds: [between(1, 86400)],
  refreshLifetimeSeconds: [between(60, 7776000), atLeastAccess],
  invitationLifetimeSeconds: [between(1, 2592000)],
};
export const changePasswordRules: Rules<typeof ChangePasswordRequestSchema> = {
  currentPassword: [required, length(1, 200)],
  newPassword: [required, length(1, 200)],
};
export const channelLinkRules: Rules<typeof ChannelLinkRequestSchema> = {
  kind: [required, oneOf(['telegram', 'widget'])],
  externalRef: [required, length(1, 200)],
};
