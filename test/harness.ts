import { DefaultLogger, NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import { Connection } from '@temporalio/client';
import knex, { type Knex } from 'knex';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEV_INTERNAL_SECRET } from '../lib/config.js';
import { closeServer, keepConnections } from '../lib/http.js';
import { startService, type RunningService } from '../lib/service-main.js';
import { identityService } from '../services/identity/service.js';
import { policyService } from '../services/policy/service.js';
import { requestsService } from '../services/requests/service.js';
import type { RequestsConfig } from '../services/requests/config.js';
import { fileRulesOf } from '../lib/files/rules.js';
import type { FileStoreConfig } from '../lib/files/store.js';
import { documentsService } from '../services/documents/service.js';
import { createWorker } from '../workflows/worker.js';
import type { OutboxRelay } from '../workflows/notify/relay.js';
import { createGateway, type Gateway } from '../gateway/app.js';
import type { GatewayConfig } from '../gateway/config.js';
import { startMailCatcher, type MailCatcher } from '../deploy/local/mailcatcher.js';
import { startDevOidc } from '../deploy/local/oidc.js';
import type { WorkerConfig } from '../workflows/config.js';

// Worker state changes are noise in test output; warnings and errors still show.
try {
  Runtime.install({ logger: new DefaultLogger('WARN') });
} catch {
  // Already installed in this process.
}

/** The PostgreSQL server tests create their databases on. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** An HTTP server bound to a free loopback port, to which a handler is attached later (for apps that must know their own address). */
export async function boundServer(): Promise<{ server: Server; port: number }> {
  return new Promise((resolve, reject) => {
    const server = keepConnections(createServer());
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as { port: number }).port }));
  });
}

/** A fresh database for one test file; dropped at the end. */
export async function freshDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `extranet_test_${randomBytes(6).toString('hex')}`;
  const admin = knex({ client: 'pg', connection: TEST_DATABASE_URL });
  await admin.raw(`create database ??`, [name]);
  await admin.destroy();
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const a = knex({ client: 'pg', connection: TEST_DATABASE_URL });
      await a.raw(`drop database if exists ?? with (force)`, [name]);
      await a.destroy();
    },
  };
}

export interface SystemOptions {
  /** The Temporal server and workflow bundle; inside vitest they come from the global setup. */
  temporalAddress?: string;
  workflowBundleCode?: string;
  invitationLifetimeSeconds?: number;
  reviewLifetimeSeconds?: number;
  /** Reverse proxies in front of the gateway (TRUST_PROXY_HOPS). */
  trustProxyHops?: number;
  /** Where the requests service keeps files (default: a fresh local directory). */
  files?: FileStoreConfig;
  /** FILE_MAX_MB for the requests service (default 2 in tests). */
  fileMaxMb?: number;
  /** CLIENT_ACCESS_CACHE_SECONDS (default 60, as deployed). */
  clientAccessCacheSeconds?: number;
  /** Sign-in attempts per address and minute; high by default so tests are not limited. */
  loginAttemptsPerMinute?: number;
  notifyWindowSeconds?: number;
  /** A Telegram bot: the Bot API's address (a loopback stand-in), its token, the webhook's secret token. */
  telegram?: { apiUrl: string; token: string; secret: string };
  /** Start without a worker (tests that start and stop it themselves). */
  noWorker?: boolean;
}

export interface TestSystem {
  gatewayUrl: string;
  mail: MailCatcher;
  db: Knex;
  dbUrl: string;
  gateway: Gateway;
  /** The gateway's settings, for tests that start a second gateway on the same services. */
  gatewayConfig: GatewayConfig;
  services: Record<'identity' | 'policy' | 'requests' | 'documents', RunningService>;
  /** The requests service's settings (its file store among them). */
  requestsConfig: RequestsConfig;
  workerConfig: WorkerConfig;
  taskQueue: string;
  /** `relay: false` leaves the services' outboxes alone (a test relays them itself). */
  startWorker(opts?: { relay?: boolean }): Promise<void>;
  stopWorker(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The whole system for one test file, every part real and talking over
 * loopback: PostgreSQL (a fresh database), the four services, the gateway, the
 * Temporal worker on its own task queue against the shared dev server, a real
 * SMTP server and the development OIDC provider.
 */
export async function startSystem(opts: SystemOptions = {}): Promise<TestSystem> {
  const database = await freshDatabase();
  const host = '127.0.0.1';
  const base = { host, databaseUrl: database.url, internalSecret: DEV_INTERNAL_SECRET, seedDemo: true };
  const mail = await startMailCatcher({ host, smtpPort: 0, httpPort: 0 });
  const identity = await startService(identityService, {
    ...base,
    port: 0,
    invitationLifetimeSeconds: opts.invitationLifetimeSeconds ?? 3600,
    accessLifetimeSeconds: 3600,
  });
  const requestsConfig: RequestsConfig = {
    ...base,
    port: 0,
    meetingUrlTemplate: 'https://meet.example.test/{room}',
    files: opts.files ?? { kind: 'local', dir: join(tmpdir(), `extranet-files-${randomBytes(6).toString('hex')}`) },
    fileRules: fileRulesOf({ FILE_MAX_MB: String(opts.fileMaxMb ?? 2) }),
  };
  const [requests, documents] = await Promise.all([
    startService(requestsService, requestsConfig),
    startService(documentsService, {
      ...base,
      port: 0,
      files: requestsConfig.files,
      fileRules: requestsConfig.fileRules,
      // Seconds, so that the signature tests see reminders.
      signatures: { minReminderSeconds: 1, defaultReminderSeconds: 3600 },
    }),
  ]);
  const policy = await startService(policyService, {
    ...base,
    port: 0,
    identityUrl: identity.url,
    requestsUrl: requests.url,
    documentsUrl: documents.url,
    reviewLifetimeSeconds: opts.reviewLifetimeSeconds ?? 3600,
  });
  const [{ server: gatewayServer, port: gatewayPort }, oidcServer] = [await boundServer(), await boundServer()];
  const gatewayUrl = `http://${host}:${gatewayPort}`;
  const oidc = await startDevOidc({
    host,
    port: oidcServer.port,
    server: oidcServer.server,
    clientId: 'extranet-gateway',
    clientSecret: 'test-oidc-secret',
    redirectUris: [`${gatewayUrl}/auth/callback`],
  });
  const taskQueue = `test-${randomBytes(6).toString('hex')}`;
  const inject = opts.temporalAddress && opts.workflowBundleCode ? undefined : (await import('vitest')).inject;
  const temporalAddress = opts.temporalAddress ?? inject!('temporalAddress');
  const connection = await Connection.connect({ address: temporalAddress });
  const gatewayConfig: GatewayConfig = {
    port: gatewayPort,
    host,
    publicUrl: gatewayUrl,
    identityUrl: identity.url,
    policyUrl: policy.url,
    requestsUrl: requests.url,
    documentsUrl: documents.url,
    internalSecret: DEV_INTERNAL_SECRET,
    sessionSecret: 'test-session-secret-0123456789-0123456789',
    oidcIssuer: oidc.issuer,
    oidcClientId: 'extranet-gateway',
    oidcClientSecret: 'test-oidc-secret',
    temporalAddress,
    temporalNamespace: 'default',
    taskQueue,
    mailCatcherUrl: mail.url,
    trustProxyHops: opts.trustProxyHops ?? 0,
    clientAccessCacheSeconds: opts.clientAccessCacheSeconds ?? 60,
    ...(opts.telegram ? { telegramWebhookSecret: opts.telegram.secret, telegramBotName: 'VectorExtranetBot' } : {}),
  };
  const gateway = createGateway(gatewayConfig, { connection, loginAttemptsPerMinute: opts.loginAttemptsPerMinute ?? 1000 });
  gatewayServer.on('request', gateway.app.callback());
  const workerConfig: WorkerConfig = {
    temporalAddress,
    temporalNamespace: 'default',
    taskQueue,
    identityUrl: identity.url,
    policyUrl: policy.url,
    requestsUrl: requests.url,
    documentsUrl: documents.url,
    internalSecret: DEV_INTERNAL_SECRET,
    smtpHost: host,
    smtpPort: mail.smtpPort,
    mailFrom: 'Extranet <extranet@vector.test>',
    publicUrl: gatewayUrl,
    maxConcurrentActivities: 10,
    // Seconds, so that the notification tests see batches; the outbox is read often, so events leave it at once.
    notifyWindowSeconds: opts.notifyWindowSeconds ?? 2,
    outboxPollMs: 100,
    ...(opts.telegram ? { telegramApiUrl: opts.telegram.apiUrl, telegramBotToken: opts.telegram.token } : {}),
  };
  const nativeConnection = await NativeConnection.connect({ address: temporalAddress });
  const code = opts.workflowBundleCode ?? readFileSync(inject!('workflowBundlePath'), 'utf8');
  let running: { worker: Worker; done: Promise<void>; relay: OutboxRelay } | undefined;
  const system: TestSystem = {
    gatewayUrl,
    mail,
    db: knex({ client: 'pg', connection: database.url }),
    dbUrl: database.url,
    gateway,
    gatewayConfig,
    services: { identity, policy, requests, documents },
    requestsConfig,
    workerConfig,
    taskQueue,
    async startWorker({ relay: relaying = true } = {}) {
      if (running) return;
      const { worker, relay } = await createWorker(workerConfig, {
        connection: nativeConnection,
        workflowBundle: { code },
        // Tests stop and start workers; a short sticky timeout hands their workflows back quickly.
        stickyQueueScheduleToStartTimeout: '1s',
      });
      if (relaying) relay.start();
      running = { worker, done: worker.run(), relay };
    },
    async stopWorker() {
      if (!running) return;
      await running.relay.stop();
      running.worker.shutdown();
      await running.done;
      running = undefined;
    },
    async stop() {
      await system.stopWorker();
      await closeServer(gatewayServer);
      await Promise.all([identity, policy, requests, documents].map((s) => s.stop()));
      await Promise.all([mail.stop(), oidc.stop(), system.db.destroy()]);
      await nativeConnection.close();
      await connection.close();
      await database.drop();
    },
  };
  if (!opts.noWorker) await system.startWorker();
  return system;
}
