import { defineQuery } from '@temporalio/workflow';
import { defineSearchAttributeKey } from '@temporalio/common';
import type { Plain } from '../internal/messages.js';
import type { OffboardingReport, ProcessStatus } from '../proto/gen/extranet/v1/workflows_pb.js';

/**
 * A workflow's input: the generated message with only the fields in `K`
 * required. A proto3 field left out reads as its default (empty, 0, false), and
 * the workflows treat it so: callers name what they mean and nothing else.
 */
export type Input<T, K extends keyof Plain<T>> = Pick<Plain<T>, K> & Partial<Plain<T>>;

export type Report = Plain<OffboardingReport>;

/** The `status` query answer; `report` is set by offboarding only, `pending` by notify only. */
export type Status = Omit<Plain<ProcessStatus>, 'report' | 'pending'> & { report?: Report; pending?: Plain<ProcessStatus>['pending'] };

/** Every workflow answers this query with its current step (offboarding: and its report so far); the governance API shows the same answer. */
export const statusQuery = defineQuery<Status>('status');

/** Search attributes operators filter by in Temporal Web (registered at server start). */
export const LinkIdAttr = defineSearchAttributeKey('ExtranetLinkId', 'KEYWORD');
export const CompanyIdsAttr = defineSearchAttributeKey('ExtranetCompanyIds', 'KEYWORD_LIST');
export const ContactEmailAttr = defineSearchAttributeKey('ExtranetContactEmail', 'KEYWORD');
/** A signature request's document, and its signers' addresses. */
export const DocumentIdAttr = defineSearchAttributeKey('ExtranetDocumentId', 'KEYWORD');
export const ContactEmailsAttr = defineSearchAttributeKey('ExtranetContactEmails', 'KEYWORD_LIST');

/** Every search attribute, for registering them with a server. */
export const SEARCH_ATTRIBUTES = [LinkIdAttr, CompanyIdsAttr, ContactEmailAttr, DocumentIdAttr, ContactEmailsAttr];

/** The task queue every Extranet workflow and activity runs on unless configured otherwise. */
export const DEFAULT_TASK_QUEUE = 'extranet';
