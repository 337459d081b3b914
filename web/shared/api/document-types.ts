/** What the documents endpoints take and answer: the team's side (/api/governance) and the client's card (/api/portal). */
import type { DocumentAction, DocumentStatus, SignatureStatus, SignerState, SigningOrder } from '../../../domain/vocabulary.js';
import type { DateTime } from './http.js';

/** What the client is asked to do with a document: one of the vocabulary's actions, or nothing ('none'). */
export type ExpectedAction = 'none' | DocumentAction;

/** What a client did: reviewed, approved, declined (with a reason), attached (a file), signed. */
export type DocumentResponseKind = 'reviewed' | 'approved' | 'declined' | 'attached' | 'signed';

/** One file of a version, or the file a client attached when asked for one. */
export interface DocumentFile {
  id: string;
  name: string;
  contentType: string;
  size: number;
  sha256: string;
  createdAt: DateTime;
}

/** One version of a document: each upload makes the next one. */
export interface DocumentVersion {
  id: string;
  number: number;
  createdByName: string;
  createdAt: DateTime;
  files: DocumentFile[];
}

/** A client's response to a version of a document. */
export interface DocumentResponse {
  id: string;
  kind: DocumentResponseKind | string;
  userName: string;
  /** Why they declined; '' otherwise. */
  reason: string;
  versionNumber: number;
  createdAt: DateTime;
  /** The file a client attached (kind 'attached'). */
  file?: DocumentFile | null;
}

/** GET /api/governance/documents: the documents of the companies the employee may govern. */
export interface TeamDocumentQuery {
  companyId?: string;
  status?: DocumentStatus | '';
  /** Only documents whose client action is still awaited on their latest version. */
  pendingAction?: boolean;
  /** Only the documents attached to this request. */
  requestId?: string;
}

/** A document in the team's list. */
export interface TeamDocument {
  id: string;
  companyId: string;
  contactId?: string | null;
  title: string;
  status: DocumentStatus;
  expectedAction: ExpectedAction | string;
  publishedAt?: DateTime | null;
  /** Published, and the client's action on the latest version is still awaited. */
  pendingAction?: boolean;
  /** The number of the latest version; 0 before the first upload. */
  latestVersion?: number;
  requestId?: string | null;
}

/** POST /api/governance/documents: a draft for a company, or for one of its contacts. */
export interface NewTeamDocument {
  title: string;
  description: string;
  companyId: string;
  /** '' for every client of the company, else one of its contacts. */
  contactId: string;
  expectedAction: ExpectedAction;
  /** '' for none, else a request of the same company. */
  requestId: string;
}

/** One document as the team sees it: versions (latest first) and every client response. */
export interface TeamDocumentDetail {
  id: string;
  companyId: string;
  contactId?: string | null;
  title: string;
  description: string;
  status: DocumentStatus;
  expectedAction: ExpectedAction | string;
  requestId?: string | null;
  publishedAt?: DateTime | null;
  createdAt: DateTime;
  versions: DocumentVersion[];
  responses: DocumentResponse[];
  pendingAction: boolean;
  /** Newest first (a document that asks for a signature). */
  signatureRequests: SignatureRequest[];
}

/** One portal user who will see (or sees) a published document. */
export interface DocumentAudienceMember {
  userId: string;
  linkId: string;
  contactId: string;
  name: string;
}

/** The publish preview (and the publish itself): the document, and exactly who will see it. */
export interface PublishedDocument extends TeamDocumentDetail {
  audience: DocumentAudienceMember[];
}

/** What a client may do now with a document. */
export type ClientDocumentAction = 'reviewed' | 'approved' | 'declined' | 'attach' | 'sign';

/** The document card as the client sees it. */
export interface ClientDocumentCard {
  id: string;
  companyId: string;
  title: string;
  description: string;
  status: DocumentStatus;
  expectedAction: ExpectedAction | string;
  /** What the client is to do now, in words; '' when nothing is awaited. */
  nextStep: string;
  publishedAt?: DateTime | null;
  /** Latest first. */
  versions: DocumentVersion[];
  /** This client's own responses. */
  responses: DocumentResponse[];
  actions: (ClientDocumentAction | string)[];
  /** The latest signature request of a document to sign (the client's view: no evidence, no workflow). */
  signature?: SignatureRequest | null;
}

/** POST /api/portal/documents/:id/responses (a reason is required to decline). */
export interface DocumentResponseInput {
  kind: 'reviewed' | 'approved' | 'declined';
  reason: string;
}

/** What was recorded when a signer signed (the team's view only). */
export interface SignatureEvidence {
  signedAt: DateTime;
  sessionId: string;
  address: string;
  userAgent: string;
  versionNumber: number;
  /** SHA-256 of the exact file of the version signed. */
  sha256: string;
}

/** One signer of a signature request. */
export interface Signer {
  userId: string;
  contactId: string;
  name: string;
  position: number;
  state: SignerState | string;
  /** Whether it is this signer's turn now (sequential: the first waiting one; parallel: every waiting one). */
  turn: boolean;
  actedAt?: DateTime | null;
  /** Why they declined; '' otherwise. */
  reason: string;
  emailsSent: number;
  lastEmailedAt?: DateTime | null;
  evidence?: SignatureEvidence | null;
}

/** A signature request on one version of a document, followed by the workflow `signature-<id>`. */
export interface SignatureRequest {
  id: string;
  documentId: string;
  versionNumber: number;
  order: SigningOrder | string;
  status: SignatureStatus | string;
  deadlineAt: DateTime;
  reminderEverySeconds: number;
  createdAt: DateTime;
  endedAt?: DateTime | null;
  /** Why it ended: signed, declined, deadline, withdrawn, new_version, offboarding. */
  endReason: string;
  signers: Signer[];
  /** Where an operator finds it in Temporal Web ('' in the client's view). */
  workflowId: string;
}

/** POST /api/governance/documents/:id/signature-requests: contacts who see the document, in signing order. */
export interface SignatureRequestInput {
  contactIds: string[];
  order: SigningOrder;
  /** In the future. */
  deadline: DateTime;
  /** 0 or left out: the default interval. */
  reminderEverySeconds?: number;
}

/** The signature workflow's own view, for operators. */
export interface SignatureWorkflowStatus {
  workflowId: string;
  state: string;
  step?: string;
  outcome?: string;
  signature?: { signers: { userId: string; position: number; state: string; turn: boolean; emailsSent: number }[] } | null;
}
