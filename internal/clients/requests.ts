import type { Actor } from '../actor.js';
import type { ServiceClient } from '../client.js';
import type { Body, Plain } from '../messages.js';
import type { CreateClientRequestRequest, PostRequestMessageRequest } from '../../proto/gen/extranet/v1/portal_pb.js';
import type { WidgetMessage } from '../../proto/gen/extranet/v1/notifications_pb.js';
import {
  type ClientRequestListValid,
  type ClientRequestValid,
  OpenRequestsQuerySchema,
  type OpenRequestsQuery,
  type RequestEnding,
  type PipelineListValid,
  type RequestFactsValid,
  type RequestMessageListValid,
  type RequestMessageValid,
  type RequestVisibilityQuery,
  type RequestVisibilityValid,
} from '../../proto/gen/extranet/v1/requests_pb.js';
import {
  type AssigneeWrite,
  type AttachmentValid,
  type ChannelMessageInput,
  type ChannelMessageListValid,
  type ClientPipelineListValid,
  type FollowersWrite,
  type NoteInput,
  type NoteListValid,
  type PipelineDetailListValid,
  type PipelineDetailValid,
  type PipelineWrite,
  type StatusInput,
  type TeamMessageInput,
  type TeamRequestPageValid,
  type TeamRequestQuery,
  TeamRequestQuerySchema,
  type TeamRequestValid,
} from '../../proto/gen/extranet/v1/collaboration_pb.js';
import { queryString, segment } from './http.js';

import { governedHeader } from '../governed.js';

/** The companies an employee may work with, as policy answered them; every team call carries them. */
export type Governed = { all: boolean; companyIds: string[] };

/** The requests service's contract (proto/extranet/v1/requests.proto), one method per rpc. */
export function requestsClient(service: ServiceClient) {
  const request = (requestId: string) => `/portal/requests/${segment(requestId)}`;
  const teamRequest = (requestId: string) => `/team/requests/${segment(requestId)}`;
  const channel = (side: 'portal' | 'team', companyId: string) => `/${side}/companies/${segment(companyId)}/channel/messages`;
  return {
    /** This process acting on its own behalf. */
    system: service.system,
    /** Every pipeline with its form, for an employee; administrators and department leads change them. */
    pipelines: (actor: Actor) => service.get<Plain<PipelineDetailListValid>>(actor, '/pipelines'),
    pipeline: (actor: Actor, pipelineId: string) => service.get<Plain<PipelineDetailValid>>(actor, `/pipelines/${segment(pipelineId)}`),
    createPipeline: (actor: Actor, body: Plain<PipelineWrite>) => service.post<Plain<PipelineDetailValid>>(actor, '/pipelines', body),
    changePipeline: (actor: Actor, pipelineId: string, body: Plain<PipelineWrite>) =>
      service.post<Plain<PipelineDetailValid>>(actor, `/pipelines/${segment(pipelineId)}`, body),

    /** The team's side, limited to the companies the employee may govern. */
    teamRequests: (actor: Actor, governed: Governed, query: Plain<TeamRequestQuery>) =>
      service.call<Plain<TeamRequestPageValid>>(
        actor,
        'GET',
        `/team/requests${queryString(TeamRequestQuerySchema, query)}`,
        undefined,
        governedHeader(governed),
      ),
    teamRequest: (actor: Actor, governed: Governed, requestId: string) =>
      service.call<Plain<TeamRequestValid>>(actor, 'GET', teamRequest(requestId), undefined, governedHeader(governed)),
    postTeamMessage: (actor: Actor, governed: Governed, requestId: string, body: Body<TeamMessageInput>) =>
      service.call<Plain<TeamRequestValid>>(actor, 'POST', `${teamRequest(requestId)}/messages`, body, governedHeader(governed)),
    changeStatus: (actor: Actor, governed: Governed, requestId: string, body: Body<StatusInput>) =>
      service.call<Plain<TeamRequestValid>>(actor, 'POST', `${teamRequest(requestId)}/status`, body, governedHeader(governed)),
    changeAssignee: (actor: Actor, governed: Governed, requestId: string, body: Plain<AssigneeWrite>) =>
      service.call<Plain<TeamRequestValid>>(actor, 'POST', `${teamRequest(requestId)}/assignee`, body, governedHeader(governed)),
    changeFollowers: (actor: Actor, governed: Governed, requestId: string, body: Plain<FollowersWrite>) =>
      service.call<Plain<TeamRequestValid>>(actor, 'POST', `${teamRequest(requestId)}/followers`, body, governedHeader(governed)),
    teamChannel: (actor: Actor, governed: Governed, companyId: string) =>
      service.call<Plain<ChannelMessageListValid>>(actor, 'GET', channel('team', companyId), undefined, governedHeader(governed)),
    postTeamChannel: (actor: Actor, governed: Governed, companyId: string, body: Body<ChannelMessageInput>) =>
      service.call<Plain<ChannelMessageListValid>>(actor, 'POST', channel('team', companyId), body, governedHeader(governed)),

    /** Files, for a client (no `governed`) or an employee: upload a stream, read, download, delete. */
    fileRules: (actor: Actor) => service.get<{ maxBytes: number; types: string[] }>(actor, '/attachments/rules'),
    upload: (actor: Actor, governed: Governed | undefined, file: { stream: NodeJS.ReadableStream; name: string; type: string }, signal?: AbortSignal) =>
      service
        .stream(actor, 'POST', '/attachments', {
          body: file.stream,
          signal,
          headers: { 'content-type': file.type, 'x-file-name': encodeURIComponent(file.name), ...(governed ? governedHeader(governed) : {}) },
        })
        .then((res) => res.body.json() as Promise<Plain<AttachmentValid>>),
    download: (actor: Actor, governed: Governed | undefined, attachmentId: string) =>
      service.stream(actor, 'GET', `/attachments/${segment(attachmentId)}/content`, { headers: governed ? governedHeader(governed) : {} }),
    deleteFile: (actor: Actor, governed: Governed | undefined, attachmentId: string) =>
      service.call<{ deleted: boolean }>(actor, 'DELETE', `/attachments/${segment(attachmentId)}`, undefined, governed ? governedHeader(governed) : {}),

    /** The client's side: `client` carries their scope, and the service filters by it in SQL. */
    clientPipelines: (client: Actor) => service.get<Plain<ClientPipelineListValid>>(client, '/portal/pipelines'),
    clientChannel: (client: Actor, companyId: string) => service.get<Plain<ChannelMessageListValid>>(client, channel('portal', companyId)),
    postClientChannel: (client: Actor, companyId: string, body: Body<ChannelMessageInput>) =>
      service.call<Plain<ChannelMessageListValid>>(client, 'POST', channel('portal', companyId), body),
    notes: (client: Actor, requestId: string) => service.get<Plain<NoteListValid>>(client, `${request(requestId)}/notes`),
    addNote: (client: Actor, requestId: string, body: Body<NoteInput>) =>
      service.call<Plain<NoteListValid>>(client, 'POST', `${request(requestId)}/notes`, body),
    deleteNote: (client: Actor, requestId: string, noteId: string) =>
      service.call<Plain<NoteListValid>>(client, 'DELETE', `${request(requestId)}/notes/${segment(noteId)}`),
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
    /** Offboarding: closes a request with the reason the client reads; hands one over. Idempotent. */
    closeRequest: (actor: Actor, requestId: string, body: Plain<RequestEnding>) =>
      service.post<{ changed: boolean }>(actor, `/internal/requests/${segment(requestId)}/close`, body),
    handOverRequest: (actor: Actor, requestId: string, body: Plain<RequestEnding>) =>
      service.post<{ changed: boolean }>(actor, `/internal/requests/${segment(requestId)}/hand-over`, body),
    /** A message from a client's website widget into a company's general channel, attributed to the client. */
    widgetMessage: (actor: Actor, companyId: string, body: Plain<WidgetMessage>) =>
      service.post<{ id: string }>(actor, `/internal/companies/${segment(companyId)}/channel/widget-messages`, body),
    openRequests: (actor: Actor, query: Plain<OpenRequestsQuery>) =>
      service.get<Plain<ClientRequestListValid>>(actor, `/internal/open-requests${queryString(OpenRequestsQuerySchema, query)}`),
    /** Every pipeline, for a process of the system. */
    allPipelines: (actor: Actor) => service.get<Plain<PipelineListValid>>(actor, '/internal/pipelines'),
  };
}

export type RequestsClient = ReturnType<typeof requestsClient>;
