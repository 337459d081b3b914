import type { Actor } from '../actor.js';
import type { ServiceClient } from '../client.js';
import type { Body, Plain } from '../messages.js';
import type { CreateClientRequestRequest, PostRequestMessageRequest } from '../../proto/gen/extranet/v1/portal_pb.js';
import {
  type ClientRequestListValid,
  type ClientRequestValid,
  OpenRequestsQuerySchema,
  type OpenRequestsQuery,
  type PipelineListValid,
  type RequestFactsValid,
  type RequestMessageListValid,
  type RequestMessageValid,
  type RequestVisibilityQuery,
  type RequestVisibilityValid,
} from '../../proto/gen/extranet/v1/requests_pb.js';
import { queryString, segment } from './http.js';

/** The requests service's contract (proto/extranet/v1/requests.proto), one method per rpc. */
export function requestsClient(service: ServiceClient) {
  const request = (requestId: string) => `/portal/requests/${segment(requestId)}`;
  return {
    /** This process acting on its own behalf. */
    system: service.system,
    /** Every pipeline, for an employee. */
    pipelines: (actor: Actor) => service.get<Plain<PipelineListValid>>(actor, '/pipelines'),
    /** The client's side: `client` carries their scope, and the service filters by it in SQL. */
    clientPipelines: (client: Actor) => service.get<Plain<PipelineListValid>>(client, '/portal/pipelines'),
    clientRequests: (client: Actor) => service.get<Plain<ClientRequestListValid>>(client, '/portal/requests'),
    clientRequest: (client: Actor, requestId: string) => service.get<Plain<ClientRequestValid>>(client, request(requestId)),
    createClientRequest: (client: Actor, body: Body<CreateClientRequestRequest>) =>
      service.call<Plain<ClientRequestValid>>(client, 'POST', '/portal/requests', body),
    requestMessages: (client: Actor, requestId: string) => service.get<Plain<RequestMessageListValid>>(client, `${request(requestId)}/messages`),
    postRequestMessage: (client: Actor, requestId: string, body: Body<PostRequestMessageRequest>) =>
      service.call<Plain<RequestMessageValid>>(client, 'POST', `${request(requestId)}/messages`, body),
    /** Which requests and request chats a scope change makes visible or invisible. */
    visibility: (actor: Actor, query: Body<RequestVisibilityQuery>) => service.post<Plain<RequestVisibilityValid>>(actor, '/internal/visibility', query),
    /** What decides who sees one request (404 when there is none). */
    requestFacts: (actor: Actor, requestId: string) => service.get<Plain<RequestFactsValid>>(actor, `/internal/requests/${segment(requestId)}`),
    /** The contact's unfinished requests in the given companies. */
    openRequests: (actor: Actor, query: Plain<OpenRequestsQuery>) =>
      service.get<Plain<ClientRequestListValid>>(actor, `/internal/open-requests${queryString(OpenRequestsQuerySchema, query)}`),
    /** Every pipeline, for a process of the system. */
    allPipelines: (actor: Actor) => service.get<Plain<PipelineListValid>>(actor, '/internal/pipelines'),
  };
}

export type RequestsClient = ReturnType<typeof requestsClient>;
