import type { Actor } from '../actor.js';
import type { ServiceClient } from '../client.js';
import type { Body, Plain } from '../messages.js';
import { governedHeader } from '../governed.js';
import {
  type TeamDocumentListValid,
  type TeamDocumentQuery,
  TeamDocumentQuerySchema,
  type ClientDocumentListValid,
  type ClientDocumentValid,
  type DocumentFactsValid,
  type DocumentVisibilityQuery,
  type DocumentVisibilityValid,
} from '../../proto/gen/extranet/v1/documents_pb.js';
import { queryString, segment } from './http.js';

/** The documents service's contract (proto/extranet/v1/documents.proto), one method per rpc. */
export function documentsClient(service: ServiceClient) {
  return {
    /** This process acting on its own behalf. */
    system: service.system,
    /** The documents of the companies an employee may govern, optionally of one company. */
    teamDocuments: (actor: Actor, governed: { all: boolean; companyIds: string[] }, query: Plain<TeamDocumentQuery>) =>
      service.call<Plain<TeamDocumentListValid>>(actor, 'GET', `/documents${queryString(TeamDocumentQuerySchema, query)}`, undefined, governedHeader(governed)),
    /** The published documents the client may see: `client` carries their scope. */
    clientDocuments: (client: Actor) => service.get<Plain<ClientDocumentListValid>>(client, '/portal/documents'),
    clientDocument: (client: Actor, documentId: string) => service.get<Plain<ClientDocumentValid>>(client, `/portal/documents/${segment(documentId)}`),
    /** Which of a contact's documents a scope change makes visible or invisible. */
    visibility: (actor: Actor, query: Body<DocumentVisibilityQuery>) => service.post<Plain<DocumentVisibilityValid>>(actor, '/internal/visibility', query),
    /** What decides who sees one document (404 when there is none). */
    documentFacts: (actor: Actor, documentId: string) => service.get<Plain<DocumentFactsValid>>(actor, `/internal/documents/${segment(documentId)}`),
  };
}

export type DocumentsClient = ReturnType<typeof documentsClient>;
