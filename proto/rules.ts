/**
 * Field rules beside the generated messages: the proto files name each rule in
 * a comment; this file is where they are enforced (remote protovalidate rules
 * cannot be fetched here).
 */
import { CreatePortalUserRequestSchema, LinkReviewRequestSchema, ConfirmLinkRequestSchema, IssueInvitationRequestSchema } from './gen/extranet/v1/governance_pb.js';
import { ActivateRequestSchema, LoginRequestSchema, CreateClientRequestRequestSchema, PostRequestMessageRequestSchema } from './gen/extranet/v1/portal_pb.js';
import { email, length, matches, required, uuid, uuids, type Rule, type Rules } from './validate.js';

const amongCompanies: Rule = (v, m) =>
  typeof v === 'string' && v !== '' && !(m.companyIds as string[]).includes(v) ? 'must be one of companyIds' : null;

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
