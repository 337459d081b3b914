import type { Client } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { logger } from '../lib/logger.js';
import type { Plain } from '../internal/messages.js';
import type { NotificationEvent } from '../proto/gen/extranet/v1/notifications_pb.js';
import { fanOutWorkflowId } from '../workflows/notify/ids.js';
import { fanOutWorkflow } from '../workflows/notify/workflow.js';

export type NewEvent = Omit<Plain<NotificationEvent>, 'id' | 'occurredAt' | 'requestId' | 'documentId'> & { requestId?: string; documentId?: string };

/**
 * Hands an event to `fanout-<eventId>`, which finds who may hear of it and
 * feeds each one's `notify-<recipientId>`. It does not throw: the action the
 * event tells of is done; a Temporal that cannot be reached loses this event's
 * notification (logged), never the action.
 */
export async function emitEvent(client: Client, taskQueue: string, windowSeconds: number, e: NewEvent, timeoutMs = 3_000): Promise<void> {
  const event: Plain<NotificationEvent> = { requestId: '', documentId: '', ...e, id: randomUUID(), occurredAt: new Date().toISOString() };
  try {
    await client.connection.withDeadline(Date.now() + timeoutMs, () =>
      client.workflow.start(fanOutWorkflow, { workflowId: fanOutWorkflowId(event.id), taskQueue, args: [{ event, windowSeconds }] }),
    );
  } catch (err) {
    logger.warn({ event: event.kind, error: err instanceof Error ? err.message : String(err) }, 'a notification event was not handed to Temporal');
  }
}
