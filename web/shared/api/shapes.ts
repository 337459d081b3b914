/** Shapes both areas share: policies, pipelines and their forms, files, the general channel. */
import type { Permission } from '../../../domain/vocabulary.js';
import type { DateTime } from './http.js';

export interface Policy {
  permissions: Permission[];
  pipelineIds: string[];
}

export interface Pipeline {
  id: string;
  name: string;
}

/** The kinds of field a pipeline's request form has, in the order the pipeline editor offers them. */
export const FORM_FIELD_TYPES = ['text', 'long_text', 'number', 'date', 'select', 'file'] as const;
export type FormFieldType = (typeof FORM_FIELD_TYPES)[number];

/** One field of a pipeline's request form. */
export interface FormField {
  /** Set by the server; empty (or absent) on a new field. */
  id: string;
  /** The name a request's `fields` use for it: lower case, digits and "_". */
  key: string;
  label: string;
  type: FormFieldType;
  required: boolean;
  /** The choices of a `select` field. */
  options: string[];
  /** Hidden fields are the team's: they never reach a client. */
  visibleToClients: boolean;
}

/** One value of a request's form. A `file` field's value is the id of one of the request's files. */
export interface FieldValue {
  fieldId: string;
  key: string;
  label: string;
  type: FormFieldType;
  value: string;
  visibleToClients: boolean;
}

/** An uploaded file. Pending (not yet attached) until it is sent with a request or a message. */
export interface Attachment {
  id: string;
  name: string;
  contentType: string;
  size: number;
  sha256: string;
  uploadedByKind: 'employee' | 'client' | string;
  uploadedByName: string;
  createdAt: DateTime;
  /** Whether the caller may delete it (a client: only their own uploads). */
  deletable: boolean;
}

/** An employee, by id and by name as it was when they were chosen. */
export interface EmployeeRef {
  id: string;
  name: string;
}

/** A message of a company's general channel. */
export interface ChannelMessage {
  id: string;
  companyId: string;
  authorKind: 'employee' | 'client' | string;
  authorName: string;
  body: string;
  attachments: Attachment[];
  createdAt: DateTime;
}

/** A company's general channel: its messages and, where calls are allowed, the meeting room ('' otherwise). */
export interface Channel {
  messages: ChannelMessage[];
  callUrl: string;
}

export interface ChannelMessageInput {
  text: string;
  attachmentIds: string[];
}
