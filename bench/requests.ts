/**
 * The portal's request list for one client on a large table: 1,000,000
 * requests across 10,000 companies (100 each, the 3 demo pipelines at random,
 * created over two years), the demo client daniel.brooks seeing his company
 * Blue Harbor's share in the pipelines his policy allows. Measured side by side
 * in the same run, closed-loop (bench/load.mjs, autocannon in its own
 * process) at 1 and 16 concurrent clients:
 *
 *   gateway  GET /api/portal/requests with the signed-in client's session cookie (one session per client);
 *   service  GET <requests service>/portal/requests with an internal token signed as the gateway signs it,
 *            for the client actor the gateway would build (scope from policy, one live session per client);
 *   bare     the same SQL (the rows of the client's (company, pipeline) pairs, newest first, limit 200) on
 *            one knex pool in a bare Koa server answering the same JSON: no token, no session check.
 *
 * The whole system is started as bench/portal.ts starts it (the test harness on
 * a fresh database with the demo seed, a Temporal dev server, no worker). All
 * three answers are compared before measuring. Warm-up first, then
 * BENCH_SECONDS (default 5) per cell; prints a table and the query plan, writes
 * .data/bench/requests.json.
 *
 *   npm run bench:requests        (TEST_DATABASE_URL, default the local PostgreSQL on 5432)
 *   BENCH_SECONDS=1 BENCH_WARMUP_SECONDS=1 npm run bench:requests    (a quick look)
 *
 * Targets: p95 under 20 ms through the gateway; at the service, p95 at most 1.5× the bare query's.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import Koa from 'koa';
import knex, { type Knex } from 'knex';
import { startTemporalForTests } from '../test/temporal-server.js';
import { boundServer, startSystem } from '../test/harness.js';
import { DEMO } from '../domain/demo.js';
import { type Cell, demoClientCookies, load } from './load.js';
import { loadRequests } from './requests-data.js';
import { DEV_INTERNAL_SECRET } from '../lib/config.js';
import { closeServer } from '../lib/http.js';
import type { Actor } from '../internal/actor.js';
import { ServiceClient } from '../internal/client.js';
import { policyClient } from '../internal/clients/policy.js';
import { signActor } from '../internal/token.js';
import { requestView } from '../services/requests/views.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 2);
// Service tokens are signed right before each cell and verified with a maximum age of 60 s.
const TOKEN_SECONDS = 60;
if (!(SECONDS > 0 && WARMUP_SECONDS > 0) || Math.max(SECONDS, WARMUP_SECONDS) > TOKEN_SECONDS - 10)
  throw new Error(`BENCH_SECONDS and BENCH_WARMUP_SECONDS must be in (0, ${TOKEN_SECONDS - 10}]: a service token must outlive its cell`);
const CLIENTS = [1, 16] as const;
const TARGETS = ['gateway', 'service', 'bare'] as const;
type Target = (typeof TARGETS)[number];
const ROWS = 1_000_000;
const COMPANIES = 10_000;
const OUT = fileURLToPath(new URL('../.data/bench/requests.json', import.meta.url));
const TARGET = { gatewayP95Ms: 20, serviceOverBareP95: 1.5 };

// ---- the whole system, as the tests start it ----
const { env, workflowBundleCode: code } = await startTemporalForTests();
const sys = await startSystem({ temporalAddress: env.address, workflowBundleCode: code, noWorker: true });
const db = knex({ client: 'pg', connection: sys.dbUrl, pool: { min: 0, max: 10 } });
const policyAsGateway = new ServiceClient('policy', sys.services.policy.url, DEV_INTERNAL_SECRET, 'gateway');

// ---- the bare baseline: the same SQL on one pool, the same JSON ----
const listQuery = (q: Knex, pairs: [string, string][]) =>
  q.withSchema('requests').from('requests').whereIn(['requests.company_id', 'requests.pipeline_id'], pairs).orderBy('created_at', 'desc').limit(200);

let barePairs: [string, string][] = [];
const bare = new Koa();
bare.use(async (ctx) => {
  if (ctx.method !== 'GET' || ctx.path !== '/portal/requests') return;
  const rows = barePairs.length ? await listQuery(db, barePairs) : [];
  ctx.body = { requests: rows.map(requestView) };
});
const { server: bareServer, port: barePort } = await boundServer();
bareServer.on('request', bare.callback());

const urls: Record<Target, string> = {
  gateway: `${sys.gatewayUrl}/api/portal/requests`,
  service: `${sys.services.requests.url}/portal/requests`,
  bare: `http://127.0.0.1:${barePort}/portal/requests`,
};

try {
  const loaded = await loadRequests(db, ROWS, COMPANIES);
  const counted = await db.raw('select count(*)::int as rows, count(distinct company_id)::int as companies from requests.requests');
  const table = counted.rows[0] as { rows: number; companies: number };

  // One session per client, as 16 browsers would have.
  const cookies = await demoClientCookies(sys.gatewayUrl, Math.max(...CLIENTS));

  // The client actors the gateway builds (auth/client-session.ts): the scope policy gives the gateway, one per live session.
  const scope = await policyClient(policyAsGateway).scope(policyAsGateway.system, DEMO.danielUser.id);
  const sessions = (
    await db.raw('select id, token_hash from identity.sessions where user_id = ? and ended_at is null and expires_at > now() order by created_at', [
      DEMO.danielUser.id,
    ])
  ).rows as { id: string; token_hash: string }[];
  if (sessions.length !== cookies.length) throw new Error(`expected ${cookies.length} live sessions, found ${sessions.length}`);
  const actors: Actor[] = sessions.map((s) => ({
    kind: 'client',
    id: DEMO.danielUser.id,
    name: `${DEMO.daniel.firstName} ${DEMO.daniel.lastName}`,
    linkId: scope.linkId,
    contactId: scope.contactId,
    companies: scope.companies.map(({ companyId, permissions, pipelineIds }) => ({ companyId, permissions, pipelineIds })),
    vouch: { source: 'session', sessionId: s.id, tokenHash: s.token_hash, accessEpoch: scope.accessEpoch },
  }));
  barePairs = scope.companies.flatMap((c) => c.pipelineIds.map((p) => [c.companyId, p] as [string, string]));

  /** Headers per connection for one target; service tokens are signed now, right before the cell. */
  const headersFor = async (target: Target): Promise<Record<string, string>[]> => {
    if (target === 'gateway') return cookies.map((cookie) => ({ cookie }));
    if (target === 'bare') return [];
    return Promise.all(
      actors.map(async (a) => ({
        authorization: `Bearer ${await signActor(DEV_INTERNAL_SECRET, a, { audience: 'requests', issuer: 'gateway', ttlSeconds: TOKEN_SECONDS })}`,
      })),
    );
  };

  // All three answer the same, and it is not an empty list.
  const answers: Partial<Record<Target, unknown>> = {};
  for (const t of TARGETS) {
    const res = await fetch(urls[t], { headers: (await headersFor(t))[0] ?? {} });
    if (res.status !== 200) throw new Error(`${t} answered ${res.status}: ${await res.text()}`);
    answers[t] = await res.json();
  }
  for (const t of ['service', 'bare'] as const)
    if (!isDeepStrictEqual(answers.gateway, answers[t]))
      throw new Error(`${t} answers differently from the gateway:\n${JSON.stringify(answers.gateway)}\n${JSON.stringify(answers[t])}`);
  const answered = (answers.gateway as { requests: { id: string }[] }).requests;
  if (!answered.length) throw new Error('the demo client sees no requests: nothing to measure');
  const counts = await db
    .withSchema('requests')
    .from('requests')
    .whereIn(['requests.company_id', 'requests.pipeline_id'], barePairs)
    .count<{ n: string }[]>({ n: '*' });
  const expected = Number(counts[0]!.n);
  if (answered.length !== Math.min(200, expected)) throw new Error(`the answer has ${answered.length} requests, the scope holds ${expected}`);

  // The plan of the list query as the service sends it (the client's pairs), and with a wider scope for comparison.
  const explain = async (pairs: [string, string][]) => {
    const { sql, bindings } = listQuery(db, pairs).toSQL();
    const { rows } = await db.raw(`explain (analyze, buffers) ${sql}`, bindings as Knex.RawBinding[]);
    return (rows as { 'QUERY PLAN': string }[]).map((r) => r['QUERY PLAN']);
  };
  const { pipelines: p, blueHarbor: bh, northernLight: nl } = DEMO;
  const widePairs: [string, string][] = [bh.id, nl.id].flatMap((c) => [p.support.id, p.design.id, p.billing.id].map((q) => [c, q] as [string, string]));
  await explain(barePairs);
  const plans = { client: await explain(barePairs), twoCompaniesAllPipelines: await explain(widePairs) };

  // Warm-up: JIT, connection pools, PostgreSQL's caches.
  for (const t of TARGETS) {
    await load(urls[t], 16, WARMUP_SECONDS, await headersFor(t));
    await load(urls[t], 1, Math.max(0.5, WARMUP_SECONDS / 4), await headersFor(t));
  }

  const cells: Record<Target, Record<number, Cell>> = { gateway: {}, service: {}, bare: {} };
  for (const clients of CLIENTS)
    for (const t of ['bare', 'service', 'gateway'] as const) cells[t][clients] = await load(urls[t], clients, SECONDS, await headersFor(t));

  const ratio = (a: number, b: number) => +(a / b).toFixed(2);
  const ratios = Object.fromEntries(
    CLIENTS.map((c) => [
      c,
      { serviceOverBareP95: ratio(cells.service[c]!.p95, cells.bare[c]!.p95), gatewayOverBareP95: ratio(cells.gateway[c]!.p95, cells.bare[c]!.p95) },
    ]),
  ) as Record<number, { serviceOverBareP95: number; gatewayOverBareP95: number }>;
  const verdict = {
    gatewayP95: CLIENTS.every((c) => cells.gateway[c]!.p95 < TARGET.gatewayP95Ms),
    serviceOverBareP95: CLIENTS.every((c) => ratios[c]!.serviceOverBareP95 <= TARGET.serviceOverBareP95),
  };
  const report = {
    bench: 'requests',
    request: `GET /portal/requests as ${DEMO.danielUser.login}: ${answered.length} requests in the answer (pairs ${JSON.stringify(barePairs)})`,
    table: { ...table, note: `${ROWS} generated + the demo seed's; 100 per company` },
    load: loaded,
    at: new Date().toISOString(),
    machine: { node: process.version, cpus: availableParallelism(), cpu: cpus()[0]?.model },
    secondsPerCell: SECONDS,
    warmupSeconds: WARMUP_SECONDS,
    cells,
    ratios,
    targets: { ...TARGET, met: verdict },
    plans,
  };
  mkdirSync(new URL('../.data/bench/', import.meta.url), { recursive: true });
  writeFileSync(OUT, `${JSON.stringify(report, null, 2)}\n`);

  const pad = (v: unknown, n: number) => String(v).padStart(n);
  const ms = (x: number) => x.toFixed(2);
  const lines = [
    `portal request list on ${table.rows.toLocaleString('en')} requests across ${table.companies.toLocaleString('en')} companies`,
    `loaded in ${loaded.insertSeconds} s (insert … select from generate_series) + ${loaded.vacuumAnalyzeSeconds} s (vacuum analyze)`,
    `${report.request}, ${SECONDS} s per cell`,
    `${'target'.padEnd(9)}${pad('clients', 8)}${pad('req/s', 9)}${pad('p50 ms', 9)}${pad('p95 ms', 9)}${pad('p99 ms', 9)}`,
    ...CLIENTS.flatMap((c) =>
      TARGETS.map((t) => {
        const x = cells[t][c]!;
        return `${t.padEnd(9)}${pad(c, 8)}${pad(x.perSecond, 9)}${pad(ms(x.p50), 9)}${pad(ms(x.p95), 9)}${pad(ms(x.p99), 9)}`;
      }),
    ),
    ...CLIENTS.map(
      (c) =>
        `p95 at ${c}: service/bare ${ratios[c]!.serviceOverBareP95}×, gateway/bare ${ratios[c]!.gatewayOverBareP95}×, gateway ${ms(cells.gateway[c]!.p95)} ms`,
    ),
    `gateway p95 < ${TARGET.gatewayP95Ms} ms at 1 and 16 clients: ${verdict.gatewayP95 ? 'met' : 'NOT met'}`,
    `service p95 ≤ ${TARGET.serviceOverBareP95}× bare at 1 and 16 clients: ${verdict.serviceOverBareP95 ? 'met' : 'NOT met'}`,
    'plan of the client list query:',
    ...plans.client.map((l) => `  ${l}`),
    'plan with a wider scope (Blue Harbor and Northern Light, all three pipelines):',
    ...plans.twoCompaniesAllPipelines.map((l) => `  ${l}`),
    `figures: ${OUT}`,
  ];
  console.log(lines.join('\n'));
} finally {
  await closeServer(bareServer);
  await policyAsGateway.close();
  await db.destroy();
  await sys.stop();
  await env.teardown();
}
