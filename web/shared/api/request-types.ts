/** What the governance endpoints (/api/governance, employees) take and answer about requests and pipelines: the team's side. */
import type { RequestStatus } from '../../../domain/vocabulary.js';
import type { DateTime } from './http.js';
import type { Attachment, EmployeeRef, FieldValue, FormField, Pipeline } from './shapes.js';

/** GET /requests: the team's inbox, over the companies the employee may govern. */
export interface TeamRequestQuery {
  companyId?: string;
  pipelineId?: string;
  status?: RequestStatus | '';
  /** "me", "none" or an employee id. */
  assignee?: string;
  /** "team": open, and the client wrote last (or nobody answered yet). */
  waiting?: 'team' | '';
  /** Words in the title or description. */
  q?: string;
  page?: number;
  pageSize?: number;
}

export interface TeamRequestSummary {
  id: string;
  companyId: string;
  pipelineId: string;
  title: string;
  status: RequestStatus;
  assignee: EmployeeRef | null;
  nextStep: string;
  createdAt: DateTime;
  updatedAt: DateTime;
  /** Open, and the last message came from the client (or there is none yet). */
  waitingForTeam: boolean;
}

export interface TeamRequestPage {
  requests: TeamRequestSummary[];
  total: number;
  page: number;
  pageSize: number;
}

/** A message of a request's conversation as the team sees it. */
export interface TeamMessage {
  id: string;
  authorKind: 'employee' | 'client' | string;
  authorName: string;
  body: string;
  /** An internal comment: never shown to the client. */
  internal: boolean;
  attachments: Attachment[];
  createdAt: DateTime;
}

/** What happened to a request: created, status, assignee, followers, message, internal_comment, fields. */
export interface RequestEvent {
  id: string;
  kind: string;
  actorKind: 'employee' | 'client' | 'system' | string;
  actorName: string;
  /** The change in words. */
  detail: string;
  createdAt: DateTime;
}

/** One request as the team sees it: everything, internal comments and hidden fields included. */
export interface TeamRequest {
  id: string;
  companyId: string;
  pipelineId: string;
  pipelineName: string;
  contactId: string;
  title: string;
  description: string | null;
  status: RequestStatus;
  nextStep: string;
  assignee: EmployeeRef | null;
  followers: EmployeeRef[];
  fields: FieldValue[];
  /** The request's own files; each message carries its own. */
  attachments: Attachment[];
  messages: TeamMessage[];
  history: RequestEvent[];
  createdAt: DateTime;
  updatedAt: DateTime;
}

export interface TeamMessageInput {
  text: string;
  internal: boolean;
  attachmentIds: string[];
}

export interface StatusInput {
  status: RequestStatus;
  /** Required with waiting_for_client: what the client is to do; shown to them. */
  nextStep: string;
}

/** A pipeline with its form, as the team sees it. */
export interface PipelineDetail extends Pipeline {
  responsible: EmployeeRef | null;
  followers: EmployeeRef[];
  fields: FormField[];
  /** False without a responsible: clients cannot create requests there. */
  acceptsClientRequests: boolean;
}

/** POST /pipelines and /pipelines/:id, by administrators and department leads. */
export interface PipelineInput {
  name: string;
  /** '' for none: then the pipeline accepts no client requests. */
  responsibleId: string;
  followerIds: string[];
  /** A field keeps its id across edits (matched by key); a new one has none. */
  fields: (Omit<FormField, 'id'> & { id?: string })[];
}
