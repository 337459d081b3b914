import { type Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { setTimeout as sleep } from 'node:timers/promises';
import type { OutboxSource } from '../../internal/clients/outbox.js';
import { logger } from '../../lib/logger.js';
import { fanOutWorkflowId } from './ids.js';

export interface RelayOptions {
  sources: OutboxSource[];
  temporal: () => Promise<Client>;
  taskQueue: string;
  /** Handed to each recipient's workflow when it starts (NOTIFY_WINDOW_SECONDS). */
  windowSeconds: number;
  /** How long an empty outbox is left alone (OUTBOX_POLL_MS). */
  intervalMs: number;
  /** Events read per call (at most 500). */
  batch?: number;
}

export interface OutboxRelay {
  /** Relays until stopped; errors are logged and retried after the interval. */
  start(): void;
  /** Finishes the pass under way, then stops. */
  stop(): Promise<void>;
  /** One pass over every source; answers how many events were handed. */
  pass(): Promise<number>;
}

/**
 * Moves the events the services recorded with their changes (internal/outbox.ts)
 * into Temporal: each one starts its `fanout-<eventId>`, then is marked handed.
 * The workflow id is the event's and a closed one is never run again
 * (REJECT_DUPLICATE), so an event started before a crash, and read again after
 * it, is only removed: every event fans out exactly once, however often the
 * relay stops between the two steps, and several workers may relay at once.
 */
export function outboxRelay(opts: RelayOptions): OutboxRelay {
  const batch = Math.min(500, opts.batch ?? 100);
  let running: Promise<void> | undefined;
  let stopping = false;
  let wake: AbortController | undefined;
  const failing = new Set<string>();

  async function start(client: Client, event: Awaited<ReturnType<OutboxSource['pending']>>['events'][number]) {
    try {
      await client.workflow.start('fanOutWorkflow', {
        workflowId: fanOutWorkflowId(event.id),
        taskQueue: opts.taskQueue,
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        args: [{ event, windowSeconds: opts.windowSeconds }],
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
  }

  async function drain(source: OutboxSource): Promise<number> {
    let handed = 0;
    for (;;) {
      const { events } = await source.pending(batch);
      if (!events.length) return handed;
      const client = await opts.temporal();
      const started: string[] = [];
      // In order; one that cannot start keeps itself and every later one for the next pass.
      try {
        for (const event of events) {
          await start(client, event);
          started.push(event.id);
        }
      } finally {
        if (started.length) handed += (await source.handed(started)).handed;
      }
      if (events.length < batch) return handed;
    }
  }

  async function pass(): Promise<number> {
    let handed = 0;
    for (const source of opts.sources) {
      try {
        handed += await drain(source);
        if (failing.delete(source.name)) logger.info({ source: source.name }, 'notification events flow again');
      } catch (err) {
        // Said once per outage, not once per interval.
        if (!failing.has(source.name))
          logger.warn({ source: source.name, error: err instanceof Error ? err.message : String(err) }, 'notification events wait in the outbox');
        failing.add(source.name);
      }
    }
    return handed;
  }

  async function loop() {
    while (!stopping) {
      await pass();
      if (stopping) return;
      wake = new AbortController();
      await sleep(opts.intervalMs, undefined, { signal: wake.signal }).catch(() => {});
    }
  }

  return {
    start() {
      if (running) return;
      stopping = false;
      running = loop();
    },
    async stop() {
      stopping = true;
      wake?.abort();
      await running;
      running = undefined;
    },
    pass,
  };
}
