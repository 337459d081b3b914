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

/** The module the worker bundles: every workflow. */
export const WORKFLOWS_PATH = fileURLToPath(new URL('./index.ts', import.meta.url));

/** Builds the worker from its config; `bundle` lets tests reuse one workflow bundle for every worker. */
export async function createWorker(
  config: WorkerConfig,
  extra: Pick<WorkerOptions, 'workflowBundle' | 'stickyQueueScheduleToStartTimeout'> & { connection?: NativeConnection } = {},
): Promise<{ worker: Worker; connection: NativeConnection; ownsConnection: boolean }> {
  const ownsConnection = !extra.connection;
  const connection = extra.connection ?? (await NativeConnection.connect({ address: config.temporalAddress }));
  const mailer = nodemailer.createTransport(mailTransportOptions(config));
  const activities = createActivities({
    identity: identityClient(new ServiceClient('identity', config.identityUrl, config.internalSecret, 'worker')),
    policy: policyClient(new ServiceClient('policy', config.policyUrl, config.internalSecret, 'worker')),
    requests: requestsClient(new ServiceClient('requests', config.requestsUrl, config.internalSecret, 'worker')),
    documents: documentsClient(new ServiceClient('documents', config.documentsUrl, config.internalSecret, 'worker')),
    mailer,
    mailFrom: config.mailFrom,
    publicUrl: config.publicUrl,
    temporal: once(async () => new Client({ connection: await Connection.connect({ address: config.temporalAddress }), namespace: config.temporalNamespace })),
    taskQueue: config.taskQueue,
    notifyWindowSeconds: config.notifyWindowSeconds ?? 120,
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
  return { worker, connection, ownsConnection };
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
