import { defineSignal } from '@temporalio/workflow';
import type { Plain } from '../../internal/messages.js';
import type { NotificationEvent } from '../../proto/gen/extranet/v1/notifications_pb.js';

export type Event = Plain<NotificationEvent>;

/** One event for a recipient's next batch (sent with signal-with-start by the fan-out). */
export const notificationSignal = defineSignal<[Event]>('notification');
