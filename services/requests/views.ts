import type { Plain } from '../../internal/messages.js';
import { isoTime } from '../../internal/messages.js';
import type { Attachment, EmployeeRef, FieldValue, FormField, RequestEvent } from '../../proto/gen/extranet/v1/collaboration_pb.js';
import type { ClientRequest, Pipeline, RequestMessage } from '../../proto/gen/extranet/v1/requests_pb.js';

type Row = Record<string, any>;

export const pipelineView = (p: Row): Plain<Pipeline> => ({ id: p.id, name: p.name });

export const formFields = (p: Row): Plain<FormField>[] => (p.fields ?? []) as Plain<FormField>[];

export const employeeRef = (id: string | null | undefined, name: string | null | undefined): Plain<EmployeeRef> | undefined =>
  id ? { id, name: name ?? '' } : undefined;

/** The values of a request's form, in the form's order; hidden fields only when asked for. */
export function fieldValues(pipeline: Row | undefined, values: Record<string, string>, withHidden: boolean): Plain<FieldValue>[] {
  return formFields(pipeline ?? {})
    .filter((f) => withHidden || f.visibleToClients)
    .filter((f) => values[f.id] !== undefined)
    .map((f) => ({ fieldId: f.id, key: f.key, label: f.label, type: f.type, value: values[f.id]!, visibleToClients: f.visibleToClients }));
}

export const requestView = (r: Row): Plain<ClientRequest> => ({
  id: r.id,
  companyId: r.company_id,
  pipelineId: r.pipeline_id,
  title: r.title,
  description: r.description,
  status: r.status,
  responsible: r.responsible,
  createdAt: isoTime(r.created_at),
  nextStep: r.status === 'waiting_for_client' ? r.next_step : '',
  fields: [],
  attachments: [],
  callUrl: '',
  updatedAt: isoTime(r.updated_at ?? r.created_at),
});

export const attachmentView = (a: Row, deletable = false): Plain<Attachment> => ({
  id: a.id,
  name: a.name,
  contentType: a.content_type,
  size: Number(a.size),
  sha256: a.sha256,
  uploadedByKind: a.uploaded_by_kind,
  uploadedByName: a.uploaded_by_name,
  createdAt: isoTime(a.created_at),
  deletable,
});

export const messageView = (m: Row, attachments: Plain<Attachment>[] = []): Plain<RequestMessage> => ({
  id: m.id,
  authorKind: m.author_kind,
  authorName: m.author_name,
  body: m.body,
  createdAt: isoTime(m.created_at),
  attachments,
});

export const eventView = (e: Row): Plain<RequestEvent> => ({
  id: e.id,
  kind: e.kind,
  actorKind: e.actor_kind,
  actorName: e.actor_name,
  detail: e.detail,
  createdAt: isoTime(e.created_at),
});

/** Groups attachment rows by a key column. */
export function byKey(rows: Row[], key: string, view: (a: Row) => Plain<Attachment>): Map<string, Plain<Attachment>[]> {
  const out = new Map<string, Plain<Attachment>[]>();
  for (const a of rows) out.set(a[key], [...(out.get(a[key]) ?? []), view(a)]);
  return out;
}
