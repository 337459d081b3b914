import { allHandlersFinished, condition, continueAsNew, proxyActivities, setHandler, sleep, uuid4, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities.js';
import type { FanOutInput, NotifyInput } from '../../proto/gen/extranet/v1/notifications_pb.js';
import { statusQuery, type Input, type Status } from '../messages.js';
import { type Event, notificationSignal } from './messages.js';

const acts = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

export type NotifyArgs = Input<NotifyInput, 'recipientId' | 'audience'>;
export type FanOutArgs = Input<FanOutInput, 'event'>;

/** An idle recipient's workflow ends after this long; the next event starts a new run. */
const IDLE = '1 hour';

/**
 * `notify-<recipientId>`: gathers a recipient's events over a window (from
 * settings, default 2 minutes), then delivers them as one batch: each event is
 * checked again against what the recipient may see now, recorded in their feed
 * and, as they chose, sent in one email. The batch id is made here, so a
 * retried delivery is the same batch (its email goes once). The events not
 * delivered yet answer in the `status` query; continue-as-new keeps the history
 * small, carrying them over.
 */
export async function notifyWorkflow(input: NotifyArgs): Promise<Status> {
  const pending: Event[] = [...(input.pending ?? [])];
  const seen = new Set(pending.map((e) => e.id));
  const status: Status = { step: 'waiting', linkId: '', invitationId: '', outcome: '', pending };
  setHandler(statusQuery, () => ({ ...status, pending: [...pending] }));
  setHandler(notificationSignal, (event) => {
    if (seen.has(event.id)) return;
    seen.add(event.id);
    pending.push(event);
  });
  const windowMs = (input.windowSeconds || 120) * 1000;
  const batchesPerRun = input.batchesPerRun || 100;
  for (let batches = 0; ; batches++) {
    status.step = 'waiting';
    if (!(await condition(() => pending.length > 0, IDLE))) {
      status.step = 'completed';
      status.outcome = 'idle';
      return status;
    }
    status.step = 'gathering';
    await sleep(windowMs);
    const batch = pending.splice(0, pending.length);
    status.step = 'delivering';
    await acts.deliverNotifications({ recipientId: input.recipientId, audience: input.audience, batchId: uuid4(), events: batch });
    if (batches + 1 >= batchesPerRun || workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      return continueAsNew<typeof notifyWorkflow>({ ...input, pending });
    }
  }
}

/**
 * `fanout-<eventId>`: who may hear of the event now (clients through the
 * portal's scope code, employees by their part in the request or document),
 * then the event to each one's `notify-<recipientId>` with signal-with-start.
 */
export async function fanOutWorkflow(input: FanOutArgs): Promise<Status> {
  const { recipients } = await acts.recipientsOf(input.event!);
  await acts.enqueueNotifications({ event: input.event!, recipients, windowSeconds: input.windowSeconds || 120 });
  return { step: 'completed', linkId: '', invitationId: '', outcome: `${recipients.length} recipients`, pending: [] };
}
