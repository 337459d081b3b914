import type { Actor } from '../actor.js';
import type { ServiceClient } from '../client.js';
import type { Body, Plain } from '../messages.js';
import { governedHeader } from '../governed.js';
import {
  type TeamDocumentListValid,
  type TeamDocumentQuery,
  TeamDocumentQuerySchema,
  type ClientDocumentListValid,
  type ClientDocumentCardValid,
  type DocumentInput,
  type DocumentResponseInput,
  type TeamDocumentDetailValid,
  type DocumentFactsValid,
  type DocumentVisibilityQuery,
  type DocumentVisibilityValid,
  type SignatureRequestCreate,
  type SignatureEvidenceInput,
  type SignatureProgressValid,
  type SignerNotified,
  type ContactSignaturesQuery,
  type OpenDocumentsQuery,
  type OpenDocumentsValid,
  type WithdrawnSignatureRequestsValid,
} from '../../proto/gen/extranet/v1/documents_pb.js';
import { dryRunQuery, queryString, segment } from './http.js';

/** The documents service's contract (proto/extranet/v1/documents.proto), one method per rpc. */
type Governed = { all: boolean; companyIds: string[] };
type Upload = { stream: NodeJS.ReadableStream; name: string; type: string };
const fileHeaders = (file: Upload) => ({ 'content-type': file.type, 'x-file-name': encodeURIComponent(file.name) });

export function documentsClient(service: ServiceClient) {
  const document = (documentId: string) => `/documents/${segment(documentId)}`;
  const clientDocument = (documentId: string) => `/portal/documents/${segment(documentId)}`;
  return {
    /** This process acting on its own behalf. */
    system: service.system,
    /** The documents of the companies an employee may govern, optionally of one company. */
    teamDocuments: (actor: Actor, governed: Governed, query: Plain<TeamDocumentQuery>) =>
      service.call<Plain<TeamDocumentListValid>>(actor, 'GET', `/documents${queryString(TeamDocumentQuerySchema, query)}`, undefined, governedHeader(governed)),
    /** A draft, for a company (and contact) the gateway checked with policy. */
    createDocument: (actor: Actor, governed: Governed, body: Plain<DocumentInput>) =>
      service.call<Plain<TeamDocumentDetailValid>>(actor, 'POST', '/documents', body, governedHeader(governed)),
    teamDocument: (actor: Actor, governed: Governed, documentId: string) =>
      service.call<Plain<TeamDocumentDetailValid>>(actor, 'GET', document(documentId), undefined, governedHeader(governed)),
    /** The next version: the file streams through. */
    addVersion: (actor: Actor, governed: Governed, documentId: string, file: Upload) =>
      service
        .stream(actor, 'POST', `${document(documentId)}/versions`, { body: file.stream, headers: { ...fileHeaders(file), ...governedHeader(governed) } })
        .then((res) => res.body.json() as Promise<Plain<TeamDocumentDetailValid>>),
    publish: (actor: Actor, governed: Governed, documentId: string, options: { dryRun?: boolean } = {}) =>
      service.call<Plain<TeamDocumentDetailValid>>(actor, 'POST', `${document(documentId)}/publish${dryRunQuery(options)}`, {}, governedHeader(governed)),
    unpublish: (actor: Actor, governed: Governed, documentId: string) =>
      service.call<Plain<TeamDocumentDetailValid>>(actor, 'POST', `${document(documentId)}/unpublish`, {}, governedHeader(governed)),
    teamFile: (actor: Actor, governed: Governed, documentId: string, fileId: string) =>
      service.stream(actor, 'GET', `${document(documentId)}/files/${segment(fileId)}`, { headers: governedHeader(governed) }),
    fileRules: (actor: Actor) => service.get<{ maxBytes: number; types: string[] }>(actor, '/file-rules'),

    /** A signature request on a published document to sign; the signers were resolved by the gateway from the document's audience. */
    requestSignatures: (actor: Actor, governed: Governed, documentId: string, body: Plain<SignatureRequestCreate>) =>
      service.call<Plain<TeamDocumentDetailValid>>(actor, 'POST', `${document(documentId)}/signature-requests`, body, governedHeader(governed)),
    withdrawSignatures: (actor: Actor, governed: Governed, documentId: string, signatureRequestId: string) =>
      service.call<Plain<TeamDocumentDetailValid>>(
        actor,
        'POST',
        `${document(documentId)}/signature-requests/${segment(signatureRequestId)}/withdraw`,
        {},
        governedHeader(governed),
      ),

    /** The published documents the client may see: `client` carries their scope. */
    clientDocuments: (client: Actor) => service.get<Plain<ClientDocumentListValid>>(client, '/portal/documents'),
    /** The document card: versions, files, the next step and what the client may do now. */
    clientDocument: (client: Actor, documentId: string) => service.get<Plain<ClientDocumentCardValid>>(client, clientDocument(documentId)),
    respond: (client: Actor, documentId: string, body: Body<DocumentResponseInput>) =>
      service.call<Plain<ClientDocumentCardValid>>(client, 'POST', `${clientDocument(documentId)}/responses`, body),
    attachRequested: (client: Actor, documentId: string, file: Upload) =>
      service
        .stream(client, 'POST', `${clientDocument(documentId)}/attachments`, { body: file.stream, headers: fileHeaders(file) })
        .then((res) => res.body.json() as Promise<Plain<ClientDocumentCardValid>>),
    clientFile: (client: Actor, documentId: string, fileId: string) => service.stream(client, 'GET', `${clientDocument(documentId)}/files/${segment(fileId)}`),
    /** The client's signature, once identity confirmed their password. */
    sign: (client: Actor, documentId: string, evidence: Plain<SignatureEvidenceInput>) =>
      service.call<Plain<ClientDocumentCardValid>>(client, 'POST', `${clientDocument(documentId)}/signature`, evidence),
    /** The worker: expire when due, and who is due an email now. */
    advanceSignatureRequest: (actor: Actor, signatureRequestId: string) =>
      service.post<Plain<SignatureProgressValid>>(actor, `/internal/signature-requests/${segment(signatureRequestId)}/advance`),
    signerNotified: (actor: Actor, signatureRequestId: string, body: Plain<SignerNotified>) =>
      service.post<Plain<SignatureProgressValid>>(actor, `/internal/signature-requests/${segment(signatureRequestId)}/notified`, body),
    withdrawSignaturesOfUser: (actor: Actor, body: Plain<ContactSignaturesQuery>) =>
      service.post<Plain<WithdrawnSignatureRequestsValid>>(actor, '/internal/signature-requests/withdraw-of-contact', body),
    /** Before a collaboration ends: the answers and signatures its client is still asked for. */
    openDocuments: (actor: Actor, query: Plain<OpenDocumentsQuery>) => service.post<Plain<OpenDocumentsValid>>(actor, '/internal/open-documents', query),
    /** Which of a contact's documents a scope change makes visible or invisible. */
    visibility: (actor: Actor, query: Body<DocumentVisibilityQuery>) => service.post<Plain<DocumentVisibilityValid>>(actor, '/internal/visibility', query),
    /** What decides who sees one document (404 when there is none). */
    documentFacts: (actor: Actor, documentId: string) => service.get<Plain<DocumentFactsValid>>(actor, `/internal/documents/${segment(documentId)}`),
  };
}

export type DocumentsClient = ReturnType<typeof documentsClient>;
