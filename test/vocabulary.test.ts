import { describe, expect, it } from 'vitest';
import { getOption, type DescField, type DescMessage } from '@bufbuild/protobuf';
import { field as fieldRules, type FieldRules } from '@bufbuild/protovalidate/gen/buf/validate/validate_pb.js';
import { file_extranet_v1_collaboration } from '../proto/gen/extranet/v1/collaboration_pb.js';
import { file_extranet_v1_common } from '../proto/gen/extranet/v1/common_pb.js';
import { file_extranet_v1_documents } from '../proto/gen/extranet/v1/documents_pb.js';
import { file_extranet_v1_governance } from '../proto/gen/extranet/v1/governance_pb.js';
import { file_extranet_v1_identity } from '../proto/gen/extranet/v1/identity_pb.js';
import { file_extranet_v1_policy } from '../proto/gen/extranet/v1/policy_pb.js';
import { file_extranet_v1_portal } from '../proto/gen/extranet/v1/portal_pb.js';
import { file_extranet_v1_requests } from '../proto/gen/extranet/v1/requests_pb.js';
import { file_extranet_v1_workflows } from '../proto/gen/extranet/v1/workflows_pb.js';
import { file_extranet_v1_notifications } from '../proto/gen/extranet/v1/notifications_pb.js';
import { CreatePortalUserRequestSchema } from '../proto/gen/extranet/v1/governance_pb.js';
import * as vocabulary from '../domain/vocabulary.js';
import { parseBody } from '../lib/validate.js';
import { HttpError } from '../lib/errors.js';

/** The `in` list of a string field's rules, or of its items' rules. */
function inList(rules: FieldRules): readonly string[] | undefined {
  if (rules.type.case === 'string') return rules.type.value.in.length ? rules.type.value.in : undefined;
  if (rules.type.case === 'repeated' && rules.type.value.items) return inList(rules.type.value.items);
  return undefined;
}

const messages: DescMessage[] = [
  file_extranet_v1_collaboration,
  file_extranet_v1_common,
  file_extranet_v1_documents,
  file_extranet_v1_governance,
  file_extranet_v1_identity,
  file_extranet_v1_notifications,
  file_extranet_v1_policy,
  file_extranet_v1_portal,
  file_extranet_v1_requests,
  file_extranet_v1_workflows,
].flatMap((f) => f.messages);
const withIn = messages.flatMap((m) => m.fields.map((f): [DescField, readonly string[] | undefined] => [f, inList(getOption(f, fieldRules))]));

describe('the vocabulary is declared once, in proto/extranet/v1/vocabulary.proto', () => {
  it('the lists keep the values the JSON API has always carried', () => {
    // A guard against renaming an enum value by accident: the wire names are public.
    expect({ ...vocabulary }).toMatchObject({
      PERMISSIONS: ['requestCreate', 'requestChatRead', 'requestChatSend', 'generalChat', 'calls', 'telegram', 'widget', 'documents'],
      CHANNEL_KINDS: ['telegram', 'widget'],
      EMPLOYEE_ROLES: ['administrator', 'department_lead', 'account_manager'],
      GRANT_RULES: ['administrators', 'account_managers', 'all_employees'],
      LINK_STATUSES: ['active', 'disabled', 'revoked'],
      INVITATION_STATUSES: ['pending', 'used', 'revoked', 'expired'],
      REQUEST_STATUSES: ['new', 'in_progress', 'waiting_for_client', 'resolved', 'closed'],
      DOCUMENT_STATUSES: ['draft', 'published', 'withdrawn'],
      DOCUMENT_ACTIONS: ['review', 'approve', 'sign', 'attach'],
      SIGNING_ORDERS: ['sequential', 'parallel'],
      SIGNATURE_STATUSES: ['pending', 'completed', 'declined', 'expired', 'withdrawn'],
      SIGNER_STATES: ['waiting', 'signed', 'declined'],
      NOTIFICATION_KINDS: [
        'request_reply',
        'request_status',
        'document_published',
        'document_action',
        'signature_reminder',
        'request_created',
        'client_message',
        'document_response',
        'request_handed_over',
      ],
      DIAGNOSTIC_OBJECTS: ['request', 'chat', 'document', 'pipeline'],
      DIAGNOSTIC_STEPS: ['user', 'link', 'contact', 'companies', 'effective-policy', 'object'],
    });
  });

  it('every `in` rule of a .proto names exactly the values of its vocabulary enum', () => {
    const expected: Record<string, readonly string[]> = {
      'extranet.v1.PolicyRequest.permissions': vocabulary.PERMISSIONS,
      'extranet.v1.CompanyAccessRequest.grant_access': vocabulary.GRANT_RULES,
      'extranet.v1.LinkStatusRequest.status': vocabulary.LINK_STATUSES,
      'extranet.v1.ChannelLinkRequest.kind': vocabulary.CHANNEL_KINDS,
      'extranet.v1.ChangeEmployeeRequest.role': vocabulary.EMPLOYEE_ROLES,
      'extranet.v1.CompanyScope.permissions': vocabulary.PERMISSIONS,
      'extranet.v1.StatusInput.status': vocabulary.REQUEST_STATUSES,
      'extranet.v1.TeamRequestQuery.status': vocabulary.REQUEST_STATUSES,
      'extranet.v1.TeamDocumentQuery.status': vocabulary.DOCUMENT_STATUSES,
      // A document may also ask nothing of the client.
      'extranet.v1.DocumentInput.expected_action': ['none', ...vocabulary.DOCUMENT_ACTIONS],
      'extranet.v1.SignatureRequestInput.order': vocabulary.SIGNING_ORDERS,
      'extranet.v1.SignatureRequestCreate.order': vocabulary.SIGNING_ORDERS,
      'extranet.v1.NotificationSetting.kind': vocabulary.NOTIFICATION_KINDS,
      'extranet.v1.NewNotification.kind': vocabulary.NOTIFICATION_KINDS,
      'extranet.v1.ChannelLinkSearch.kind': vocabulary.CHANNEL_KINDS,
      // A channel link starts pending (a Telegram code waiting for the bot), then is active or revoked.
      'extranet.v1.ChannelLinkSearch.status': ['pending', 'active', 'revoked'],
      // What becomes of a request at offboarding.
      'extranet.v1.RequestDisposition.action': ['close', 'hand_over'],
      // Who a notification is for: a portal user or an employee.
      'extranet.v1.RecordBatchRequest.audience': ['client', 'employee'],
      // Not (yet) vocabulary enums: the kinds of a form field, the one "waiting" filter, and the answers a
      // client gives by a body (an attached file and a signature come by their own routes).
      'extranet.v1.FormField.type': ['text', 'long_text', 'number', 'date', 'select', 'file'],
      'extranet.v1.TeamRequestQuery.waiting': ['team'],
      'extranet.v1.DocumentResponseInput.kind': ['reviewed', 'approved', 'declined'],
    };
    const found = Object.fromEntries(withIn.filter(([, list]) => list).map(([f, list]) => [`${f.parent.typeName}.${f.name}`, [...list!]]));
    expect(found).toEqual(Object.fromEntries(Object.entries(expected).map(([k, v]) => [k, [...v]])));
  });
});

describe('edge validation (lib/validate.ts)', () => {
  const refusal = (body: unknown) => {
    try {
      parseBody(CreatePortalUserRequestSchema, body);
    } catch (err) {
      if (err instanceof HttpError) return { status: err.status, field: err.details.field, message: err.message };
      throw err;
    }
    return undefined;
  };
  const user = { login: 'new.user', email: 'new.user@example.test', firstName: 'New', lastName: 'User' };

  it('checks the length of a text before any pattern sees it', () => {
    // The pattern's verdict would be "a valid email address"; the length is what refuses it.
    expect(refusal({ ...user, email: `a@${'a.'.repeat(50_000)}@` })).toEqual({ status: 400, field: 'email', message: 'email must be at most 254 characters' });
    expect(refusal({ ...user, email: 'a@b.c' })).toEqual({ status: 400, field: 'email', message: 'email must be a valid email address' });
  });

  it('names the field by its JSON name, in the first violation', () => {
    expect(refusal({ ...user, firstName: '' })).toMatchObject({ field: 'firstName', message: 'firstName is required' });
    expect(refusal({ ...user, login: 'No Spaces!', email: 'x' })).toMatchObject({ field: 'login' });
    expect(refusal({ ...user, lastName: 'x'.repeat(101) })).toMatchObject({ field: 'lastName', message: 'lastName must be at most 100 characters' });
    expect(refusal(user)).toBeUndefined();
  });
});
