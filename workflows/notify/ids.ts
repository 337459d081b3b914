import { DEFAULT_TASK_QUEUE } from '../messages.js';

/**
 * The workflow that batches one recipient's notifications (a portal user's or
 * an employee's id). Workflow ids are unique in a Temporal namespace, and an
 * employee's id is the same wherever the directory is: deployments that share
 * a namespace on their own task queues (staging beside test, or the test
 * systems of one run) each keep their own, named with the queue.
 */
export const notifyWorkflowId = (recipientId: string, taskQueue = DEFAULT_TASK_QUEUE) =>
  taskQueue === DEFAULT_TASK_QUEUE ? `notify-${recipientId}` : `notify-${taskQueue}-${recipientId}`;
/** The workflow that hands one event to whoever may hear of it. */
export const fanOutWorkflowId = (eventId: string) => `fanout-${eventId}`;
