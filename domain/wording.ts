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
  NotificationKind,
  RequestStatus,
  SignatureStatus,
  SignerState,
  SigningOrder,
} from './vocabulary.js';

/**
 * The human wording of every vocabulary value, in one place: both web apps and
 * the server's explanations (diagnostics, emails) use these words.
 */
export const PERMISSION_WORDS: Record<Permission, { label: string; ability: string }> = {
  requestCreate: { label: 'Request creation', ability: 'create requests' },
  requestChatRead: { label: 'Request chat reading', ability: 'read request conversations' },
  requestChatSend: { label: 'Request chat sending', ability: 'write in request conversations' },
  generalChat: { label: 'General chat', ability: 'use the general chat' },
  calls: { label: 'Calls', ability: 'start calls' },
  telegram: { label: 'Telegram connection', ability: 'connect Telegram' },
  widget: { label: 'Widget connection', ability: 'connect the website widget' },
  documents: { label: 'Document access', ability: 'see documents' },
};

export const EMPLOYEE_ROLE_WORDS: Record<EmployeeRole, string> = {
  administrator: 'Administrator',
  department_lead: 'Department lead',
  account_manager: 'Account manager',
};

export const GRANT_RULE_WORDS: Record<GrantRule, string> = {
  administrators: 'Administrators',
  account_managers: 'Account managers',
  all_employees: 'All employees',
};

export const LINK_STATUS_WORDS: Record<LinkStatus, string> = { active: 'Active', disabled: 'Disabled', revoked: 'Revoked' };

export const INVITATION_STATUS_WORDS: Record<InvitationStatus, string> = { pending: 'Pending', used: 'Used', revoked: 'Revoked', expired: 'Expired' };

export const REQUEST_STATUS_WORDS: Record<RequestStatus, string> = {
  new: 'New',
  in_progress: 'In progress',
  waiting_for_client: 'Waiting for the client',
  resolved: 'Resolved',
  closed: 'Closed',
};

export const DOCUMENT_STATUS_WORDS: Record<DocumentStatus, string> = { draft: 'Draft', published: 'Published', withdrawn: 'Withdrawn' };

/** What the client is asked to do, as the portal says it ("a document to sign"). */
export const DOCUMENT_ACTION_WORDS: Record<DocumentAction, string> = {
  review: 'to review',
  approve: 'to approve',
  sign: 'to sign',
  attach: 'to attach a file to',
};

/** What the client is asked to do, as the team chooses it for a new document ("none": for their information). */
export const DOCUMENT_EXPECTED_ACTION_WORDS: Record<'none' | DocumentAction, string> = {
  none: 'Nothing (for information)',
  review: 'Review',
  approve: 'Approve or decline',
  sign: 'Sign',
  attach: 'Attach a file',
};

/** What a client did with a document, as both sides list it. */
export const DOCUMENT_RESPONSE_WORDS: Record<'reviewed' | 'approved' | 'declined' | 'attached' | 'signed', string> = {
  reviewed: 'Reviewed',
  approved: 'Approved',
  declined: 'Declined',
  attached: 'Attached a file',
  signed: 'Signed',
};

/** The client's own connections: their name, and what identifies the client there. */
export const CHANNEL_KIND_WORDS: Record<ChannelKind, { label: string; reference: string }> = {
  telegram: { label: 'Telegram', reference: 'Telegram username or chat id' },
  widget: { label: 'Website widget', reference: 'Website address' },
};

export const DIAGNOSTIC_OBJECT_WORDS: Record<DiagnosticObject, string> = {
  request: 'Request',
  chat: 'Request chat',
  document: 'Document',
  pipeline: 'Pipeline',
};

export const DIAGNOSTIC_STEP_WORDS: Record<DiagnosticStep, string> = {
  user: 'Portal user',
  link: 'Link',
  contact: 'CRM contact',
  companies: 'Companies',
  'effective-policy': 'Effective policy',
  object: 'Object',
};

/** The kinds of field of a pipeline's request form, as the pipeline editor offers them. */
export const FORM_FIELD_TYPE_WORDS: Record<'text' | 'long_text' | 'number' | 'date' | 'select' | 'file', string> = {
  text: 'Short text',
  long_text: 'Long text',
  number: 'Number',
  date: 'Date',
  select: 'Choice from a list',
  file: 'File',
};

/** What happened to a request, as its history lists it. */
export const REQUEST_EVENT_WORDS: Record<'created' | 'status' | 'assignee' | 'followers' | 'message' | 'internal_comment' | 'fields', string> = {
  created: 'Created',
  status: 'Status changed',
  assignee: 'Assignee changed',
  followers: 'Followers changed',
  message: 'Message',
  internal_comment: 'Internal comment',
  fields: 'Form changed',
};

/** Who wrote a message or did something, when no name is known. */
export const AUTHOR_KIND_WORDS: Record<'employee' | 'client' | 'system', string> = {
  employee: 'The team',
  client: 'The client',
  system: 'The system',
};

/** "a, b and c". */
export function listWords(list: readonly string[]): string {
  return list.length <= 1 ? list.join('') : `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}`;
}

/** How the signers take their turns, as the team chooses it. */
export const SIGNING_ORDER_WORDS: Record<SigningOrder, string> = { sequential: 'One after another, in this order', parallel: 'All at once' };

/** Where a signature request stands, in both apps. */
export const SIGNATURE_STATUS_WORDS: Record<SignatureStatus, string> = {
  pending: 'Awaiting signatures',
  completed: 'Signed by everyone',
  declined: 'Declined',
  expired: 'Expired',
  withdrawn: 'Withdrawn',
};

/** Where one signer stands. */
export const SIGNER_STATE_WORDS: Record<SignerState, string> = { waiting: 'Not signed yet', signed: 'Signed', declined: 'Declined' };

/** What each kind of notification is about, as the settings name it. */
export const NOTIFICATION_KIND_WORDS: Record<NotificationKind, string> = {
  request_reply: 'A reply from the team in a request',
  request_status: 'A request changing status, with its next step',
  document_published: 'A document published for you',
  document_action: 'A document waiting for your action',
  signature_reminder: 'A signature request or reminder',
  request_created: 'A new client request',
  client_message: 'A client message in a request you are responsible for or follow',
  document_response: 'A client answering or signing a document',
  request_handed_over: 'A request handed over to you',
};
