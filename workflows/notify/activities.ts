import type { Client } from '@temporalio/client';
import type { Transporter } from 'nodemailer';
import type { Actor } from '../../internal/actor.js';
import type { Plain } from '../../internal/messages.js';
import type { DeliveryReport, NewNotification, Recipient, Recipients } from '../../proto/gen/extranet/v1/notifications_pb.js';
import { CLIENT_NOTIFICATION_KINDS } from '../../domain/vocabulary.js';
import { escapeHtml, mailFailure, service } from '../activity-kit.js';
import type { TelegramBot } from './telegram.js';
import { type ComposeDeps, compose } from './compose.js';
import { notifyWorkflowId } from './ids.js';
import { type Event, notificationSignal } from './messages.js';

const WORKER: Actor = { kind: 'system', id: 'worker' };
const CLIENT_KINDS = new Set<string>(CLIENT_NOTIFICATION_KINDS);

export interface NotifyActivityDeps extends ComposeDeps {
  mailer: Transporter;
  mailFrom: string;
  publicUrl: string;
  /** The Temporal client the fan-out signals recipients' workflows with, and their task queue. */
  temporal: () => Promise<Client>;
  taskQueue: string;
  /** The Telegram Bot API, when a bot is configured (TELEGRAM_BOT_TOKEN). */
  telegramBot?: TelegramBot;
}

/** The fan-out's and the batches' activities: ids and counts go back to the workflows; names and addresses stay here. */
export function notifyActivities(deps: NotifyActivityDeps) {
  const { policy, requests, documents } = deps;
  return {
    /** Who may hear of an event now (never its author). */
    async recipientsOf(event: Event): Promise<Plain<Recipients>> {
      const ids: Plain<Recipient>[] = [];
      const clients = async (q: { companyId: string; permission: string; pipelineId?: string; contactId?: string }) =>
        (await service(() => policy.notificationAudience(WORKER, { pipelineId: '', contactId: '', userIds: [], ...q }))).audience.map((m) => ({
          id: m.userId,
          audience: 'client',
        }));
      if (event.requestId) {
        const r = await service(() => requests.requestFacts(WORKER, event.requestId));
        if (CLIENT_KINDS.has(event.kind))
          ids.push(
            ...(await clients({ companyId: r.companyId, pipelineId: r.pipelineId, permission: event.kind === 'request_reply' ? 'requestChatRead' : '' })),
          );
        // A hand-over tells the new assignee only; other team events everyone taking part.
        else if (event.kind === 'request_handed_over') ids.push(...r.teamIds.slice(0, 1).map((id) => ({ id, audience: 'employee' })));
        else ids.push(...r.teamIds.map((id) => ({ id, audience: 'employee' })));
      } else if (event.documentId) {
        const d = await service(() => documents.documentFacts(WORKER, event.documentId));
        if (CLIENT_KINDS.has(event.kind)) ids.push(...(await clients({ companyId: d.companyId, permission: 'documents', contactId: d.contactId ?? '' })));
        else if (d.createdBy) ids.push({ id: d.createdBy, audience: 'employee' });
      }
      return { recipients: ids.filter((r) => r.id !== event.actorId) };
    },

    /** The event to each recipient's workflow, started if it is not running (signal-with-start). */
    async enqueueNotifications(args: { event: Event; recipients: Plain<Recipient>[]; windowSeconds: number }): Promise<void> {
      const client = await deps.temporal();
      for (const r of args.recipients)
        await client.workflow.signalWithStart('notifyWorkflow', {
          workflowId: notifyWorkflowId(r.id, deps.taskQueue),
          taskQueue: deps.taskQueue,
          args: [{ recipientId: r.id, audience: r.audience, windowSeconds: args.windowSeconds }],
          signal: notificationSignal,
          signalArgs: [args.event],
        });
    },

    /**
     * One batch: each event checked again and composed for the recipient, the
     * batch recorded in their feed (once per event), then one email with what
     * they want by email, unless identity says this batch's email went already.
     */
    async deliverNotifications(args: { recipientId: string; audience: string; batchId: string; events: Event[] }): Promise<Plain<DeliveryReport>> {
      const to = { recipientId: args.recipientId, audience: args.audience };
      const items: Plain<NewNotification>[] = [];
      // The team, read once for the whole batch (an employee's role decides what they govern).
      let team: ReturnType<typeof deps.identity.employees> | undefined;
      const employees = () => (team ??= deps.identity.employees(WORKER));
      for (const event of args.events) {
        const item = await service(() => compose(deps, event, to, employees));
        if (item) items.push(item);
      }
      const recorded = await service(() =>
        deps.identity.recordNotificationBatch(WORKER, { recipientId: args.recipientId, audience: args.audience, batchId: args.batchId, items }),
      );
      const link = (url: string) => `${deps.publicUrl}${url}`;
      const mailed = items.filter((i) => recorded.emailEventIds.includes(i.eventId));
      let emailed = recorded.emailed;
      if (!emailed && mailed.length) {
        try {
          await deps.mailer.sendMail({
            from: deps.mailFrom,
            to: recorded.email,
            subject: mailed.length === 1 ? mailed[0]!.title : `${mailed.length} updates in the Extranet`,
            messageId: `<notify-${args.batchId}@extranet>`,
            text: `Hello ${recorded.name},\n\n${mailed.map((i) => `- ${i.title}\n  ${i.body}\n  ${link(i.url)}`).join('\n\n')}\n\nChoose what reaches you by email in your notification settings.\n`,
            html: `<p>Hello ${escapeHtml(recorded.name)},</p><ul>${mailed
              .map((i) => `<li><a href="${link(i.url)}">${escapeHtml(i.title)}</a><br>${escapeHtml(i.body)}</li>`)
              .join('')}</ul><p>Choose what reaches you by email in your notification settings.</p>`,
          });
        } catch (err) {
          throw mailFailure(err, 'the notification email');
        }
        await service(() => deps.identity.notificationBatchSent(WORKER, args.batchId, args.recipientId, 'email'));
        emailed = true;
      }
      // Telegram, where the client connected a chat and the bot is configured: one message per chat for the batch.
      const told = items.filter((i) => recorded.telegramEventIds.includes(i.eventId));
      let telegram = recorded.telegramSent;
      if (!telegram && told.length && deps.telegramBot) {
        const text = told.map((i) => `${i.title}\n${i.body}\n${link(i.url)}`).join('\n\n');
        for (const chatId of recorded.telegramChatIds) await deps.telegramBot.sendMessage(chatId, text);
        await service(() => deps.identity.notificationBatchSent(WORKER, args.batchId, args.recipientId, 'telegram'));
        telegram = true;
      }
      return { delivered: items.length, withheld: args.events.length - items.length, emailed, telegram };
    },
  };
}
