/** The workflow that batches one recipient's notifications (a portal user's or an employee's id). */
export const notifyWorkflowId = (recipientId: string) => `notify-${recipientId}`;
/** The workflow that hands one event to whoever may hear of it. */
export const fanOutWorkflowId = (eventId: string) => `fanout-${eventId}`;
