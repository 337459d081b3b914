/** What the portal's endpoints (/api/portal, clients) take and answer. */
import type { ChannelKind, DocumentAction, DocumentStatus, Permission, RequestStatus } from '../../../domain/vocabulary.js';
import type { DateTime } from './http.js';

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
