import { type Client, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import { logger } from '../lib/logger.js';
import { CompanyIdsAttr, ContactEmailsAttr, DocumentIdAttr } from '../workflows/messages.js';
import { signatureWorkflowId } from '../workflows/signature/ids.js';
import { signatureChangedSignal } from '../workflows/signature/messages.js';
import { signatureWorkflow } from '../workflows/signature/workflow.js';
import { TemporalUnavailableError } from './temporal-errors.js';

export interface StartSignatureOptions {
  signatureRequestId: string;
  /** Only for the search attributes operators filter by in Temporal Web; the input is the id alone. */
  documentId: string;
  companyIds: string[];
  contactEmails: string[];
  taskQueue: string;
  timeoutMs?: number;
}

/**
 * Starts `signature-<id>` for a request the documents service recorded. The
 * id is new each time, so a start that finds one running is the same request.
 *
 * @throws TemporalUnavailableError
 */
export async function startSignature(client: Client, o: StartSignatureOptions): Promise<{ workflowId: string }> {
  const workflowId = signatureWorkflowId(o.signatureRequestId);
  try {
    await client.connection.withDeadline(Date.now() + (o.timeoutMs ?? 10_000), () =>
      client.workflow.start(signatureWorkflow, {
        workflowId,
        taskQueue: o.taskQueue,
        workflowIdConflictPolicy: 'USE_EXISTING',
        args: [{ signatureRequestId: o.signatureRequestId }],
        typedSearchAttributes: [
          { key: DocumentIdAttr, value: o.documentId },
          { key: CompanyIdsAttr, value: o.companyIds },
          { key: ContactEmailsAttr, value: o.contactEmails },
        ],
      }),
    );
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw new TemporalUnavailableError('starting the signature request', err);
  }
  return { workflowId };
}

/**
 * Wakes the workflows of signature requests the documents service just moved,
 * so they look now. It does not throw: the documents service holds the news and
 * each workflow looks again at its next reminder or its deadline anyway.
 */
export async function wakeSignatures(client: Client, signatureRequestIds: string[], timeoutMs = 3_000): Promise<void> {
  await Promise.all(
    signatureRequestIds.map(async (id) => {
      try {
        await client.connection.withDeadline(Date.now() + timeoutMs, () => client.workflow.getHandle(signatureWorkflowId(id)).signal(signatureChangedSignal));
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) return;
        logger.warn(
          { signatureRequestId: id, error: err instanceof Error ? err.message : String(err) },
          'the signature workflow was not woken; it looks again at its next reminder or deadline',
        );
      }
    }),
  );
}
