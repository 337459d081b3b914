import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import nodemailer from 'nodemailer';
import { fileURLToPath } from 'node:url';
import { ServiceClient } from '../internal/client.js';
import { identityClient } from '../internal/clients/identity.js';
import { policyClient } from '../internal/clients/policy.js';
import { documentsClient } from '../internal/clients/documents.js';
import { requestsClient } from '../internal/clients/requests.js';
import { createActivities } from './activities.js';
import type { WorkerConfig } from './config.js';
import { mailTransportOptions } from './mail.js';
import { telegramBot } from './notify/telegram.js';
import { type OutboxRelay, outboxRelay } from './notify/relay.js';
import { outboxSource } from '../internal/clients/outbox.js';

/** The module the worker bundles: every workflow. */
export const WORKFLOWS_PATH = fileURLToPath(new URL('./index.ts', import.meta.url));

/** Builds the worker from its config; `bundle` lets tests reuse one workflow bundle for every worker. */
export async function createWorker(
  config: WorkerConfig,
  extra: Pick<WorkerOptions, 'workflowBundle' | 'stickyQueueScheduleToStartTimeout'> & { connection?: NativeConnection } = {},
): Promise<{ worker: Worker; connection: NativeConnection; ownsConnection: boolean; relay: OutboxRelay }> {
  const ownsConnection = !extra.connection;
  const connection = extra.connection ?? (await NativeConnection.connect({ address: config.temporalAddress }));
  const mailer = nodemailer.createTransport(mailTransportOptions(config));
  const requests = new ServiceClient('requests', config.requestsUrl, config.internalSecret, 'worker');
  const documents = new ServiceClient('documents', config.documentsUrl, config.internalSecret, 'worker');
  const temporal = once(
    async () => new Client({ connection: await Connection.connect({ address: config.temporalAddress }), namespace: config.temporalNamespace }),
  );
  const activities = createActivities({
    identity: identityClient(new ServiceClient('identity', config.identityUrl, config.internalSecret, 'worker')),
    policy: policyClient(new ServiceClient('policy', config.policyUrl, config.internalSecret, 'worker')),
    requests: requestsClient(requests),
    documents: documentsClient(documents),
    mailer,
    mailFrom: config.mailFrom,
    publicUrl: config.publicUrl,
    temporal,
    taskQueue: config.taskQueue,
    ...(config.telegramBotToken ? { telegramBot: telegramBot(config.telegramApiUrl ?? 'https://api.telegram.org', config.telegramBotToken) } : {}),
  });
  const worker = await Worker.create({
    connection,
    namespace: config.temporalNamespace,
    taskQueue: config.taskQueue,
    activities,
    maxConcurrentActivityTaskExecutions: config.maxConcurrentActivities,
    ...(extra.stickyQueueScheduleToStartTimeout ? { stickyQueueScheduleToStartTimeout: extra.stickyQueueScheduleToStartTimeout } : {}),
    ...(extra.workflowBundle ? { workflowBundle: extra.workflowBundle } : { workflowsPath: WORKFLOWS_PATH }),
  });
  // The events requests and documents recorded with their changes, into Temporal (runs beside the worker).
  const relay = outboxRelay({
    sources: [outboxSource(requests), outboxSource(documents)],
    temporal,
    taskQueue: config.taskQueue,
    windowSeconds: config.notifyWindowSeconds ?? 120,
    intervalMs: config.outboxPollMs ?? 1_000,
  });
  return { worker, connection, ownsConnection, relay };
}

/** The first call's promise, shared by every later call. */
function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => {
    made ??= make().catch((err) => {
      made = undefined;
      throw err;
    });
    return made;
  };
}
