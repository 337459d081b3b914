/** What the portal's endpoints (/api/portal, clients) take and answer. */
import type { ChannelKind, DocumentStatus, Permission, RequestStatus } from '../../../domain/vocabulary.js';
import type { ExpectedAction } from './document-types.js';
import type { DateTime } from './http.js';
import type { Attachment, FieldValue, FormField, Pipeline } from './shapes.js';

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

/** A pipeline as a client sees it: only the fields visible to clients. */
export interface ClientPipeline extends Pipeline {
  acceptsClientRequests: boolean;
  /** Why not, in words, when it does not accept requests. */
  refusal: string;
  fields: FormField[];
}

export interface ClientRequest {
  id: string;
  companyId: string;
  pipelineId: string;
  title: string;
  description: string | null;
  status: RequestStatus;
  /** The employee handling it, by name. */
  responsible: string | null;
  /** What the client is to do now; non-empty only while the request waits for them. */
  nextStep: string;
  /** Only the fields visible to clients; empty in the list. */
  fields: FieldValue[];
  /** The request's files and those of the messages the client may read; empty in the list. */
  attachments: Attachment[];
  /** The meeting room of this request where calls are allowed; '' otherwise. */
  callUrl: string;
  createdAt: DateTime;
  updatedAt: DateTime;
}

export interface NewClientRequest {
  companyId: string;
  pipelineId: string;
  title: string;
  description: string;
  /** The form's values by field key; a `file` field names one of `attachmentIds`. */
  fields: Record<string, string>;
  /** Files uploaded first, now attached to the request. */
  attachmentIds: string[];
}

export interface RequestMessage {
  id: string;
  authorKind: 'employee' | 'client' | string;
  authorName: string | null;
  body: string;
  attachments: Attachment[];
  createdAt: DateTime;
}

export interface RequestMessageInput {
  body: string;
  attachmentIds: string[];
}

/** A client's private note on a request: only its author sees it. */
export interface Note {
  id: string;
  body: string;
  createdAt: DateTime;
}

export interface ClientDocument {
  id: string;
  companyId: string;
  title: string;
  status: DocumentStatus;
  /** 'none' when the client is asked for nothing. */
  expectedAction: ExpectedAction | null;
  publishedAt?: DateTime | null;
  /** The request the team attached it to. */
  requestId?: string | null;
}

export interface ChannelLink {
  id: string;
  linkId: string;
  kind: ChannelKind;
  /** The chat id or website; empty while a Telegram connection waits for its code. */
  externalRef: string;
  /** Pending: a Telegram code was issued and not yet sent to the bot. */
  status: 'pending' | 'active' | 'revoked';
  createdAt: DateTime;
  revokedAt: DateTime | null;
}
