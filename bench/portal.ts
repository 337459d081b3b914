/**
 * The portal request list, `GET /api/portal/requests` as the signed-in demo
 * client, through the whole system (gateway + identity, policy, requests and
 * documents services + worker, started by the test harness on a fresh
 * database, with a Temporal dev server because the harness connects to one),
 * and in the same run a baseline: one bare Koa server that runs the same scope
 * SQL (`policy.active_scope`) and the same request-list SQL directly against
 * the same database and answers the same JSON, without sessions, caller
 * tokens or hops between processes.
 *
 * Closed-loop load (bench/load.mjs, autocannon in its own process) at 1
 * and 16 concurrent clients, each client with its own session; warm-up first,
 * then BENCH_SECONDS (default 5) per cell, baseline and system alternating.
 * Prints a table and writes the figures to .data/bench/portal.json.
 *
 *   npm run bench:portal          (TEST_DATABASE_URL, default the local PostgreSQL on 5432)
 *   BENCH_SECONDS=1 BENCH_WARMUP_SECONDS=1 npm run bench:portal    (a quick look while developing)
 *
 * Targets: at 16 clients at least half the baseline's throughput; p50 under 2 ms at 1 client.
 */
import { startTemporalForTests } from '../test/temporal-server.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import Koa from 'koa';
import knex from 'knex';
import { boundServer, startSystem } from '../test/harness.js';
import { DEMO } from '../domain/demo.js';
import { type Cell, demoClientCookies, load } from './load.js';
import { closeServer } from '../lib/http.js';
import { effectivePolicy } from '../services/policy/access/effective.js';
import { requestView } from '../services/requests/views.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 2);
const CLIENTS = [1, 16] as const;
const PATH = '/api/portal/requests';
const OUT = fileURLToPath(new URL('../.data/bench/portal.json', import.meta.url));
const TARGET = { throughputRatioAt16: 0.5, systemP50At1Ms: 2 };

// ---- the whole system, as the tests start it ----
const { env, workflowBundleCode: code } = await startTemporalForTests();
// No worker: it runs in its own process when deployed and is not on the portal's path (an idle worker in this
// process would still tax every promise here through its async context tracking).
const sys = await startSystem({ temporalAddress: env.address, workflowBundleCode: code, noWorker: true });

// ---- the baseline: bare Koa, the same two queries on one pool, the same JSON ----
const db = knex({ client: 'pg', connection: sys.dbUrl, pool: { min: 0, max: 10 } });
// The same presenter as the service: the JSON must be the same, byte for byte.

const bare = new Koa();
bare.use(async (ctx) => {
  if (ctx.method !== 'GET' || ctx.path !== PATH) return;
  const { rows } = await db.raw('select * from policy.active_scope(?)', [DEMO.danielUser.id]);
  // The scope: per company with the extranet on, company policy ∩ contact policy.
  const pairs = (rows as any[])
    .filter((r) => r.extranet_enabled)
    .flatMap((r) => {
      const company = r.cp_permissions ? { permissions: r.cp_permissions, pipelineIds: r.cp_pipeline_ids } : undefined;
      const contact = r.kp_permissions ? { permissions: r.kp_permissions, pipelineIds: r.kp_pipeline_ids } : undefined;
      return effectivePolicy(company, contact).pipelineIds.map((p) => [r.company_id, p]);
    });
  const list = pairs.length
    ? await db.withSchema('requests').from('requests').whereIn(['requests.company_id', 'requests.pipeline_id'], pairs).orderBy('created_at', 'desc').limit(200)
    : [];
  ctx.body = { requests: list.map(requestView) };
});
const { server: bareServer, port: barePort } = await boundServer();
bareServer.on('request', bare.callback());
const bareUrl = `http://127.0.0.1:${barePort}${PATH}`;
const systemUrl = `${sys.gatewayUrl}${PATH}`;

try {
  // One session per client, as 16 browsers would have.
  const cookies = await demoClientCookies(sys.gatewayUrl, Math.max(...CLIENTS));

  // Both answer the same, and it is not an empty list.
  const viaSystem = await (await fetch(systemUrl, { headers: { cookie: cookies[0]! } })).json();
  const viaBare = await (await fetch(bareUrl)).json();
  if (!isDeepStrictEqual(viaSystem, viaBare)) throw new Error(`the baseline answers differently:\n${JSON.stringify(viaSystem)}\n${JSON.stringify(viaBare)}`);
  const rows = (viaSystem as { requests: unknown[] }).requests.length;
  if (!rows) throw new Error('the demo client sees no requests: nothing to measure');

  // Warm-up: JIT, connection pools, PostgreSQL's plan caches.
  for (const [url, c] of [
    [bareUrl, []],
    [systemUrl, cookies.map((cookie) => ({ cookie }))],
  ] as const) {
    await load(url, 16, WARMUP_SECONDS, [...c]);
    await load(url, 1, Math.max(0.5, WARMUP_SECONDS / 4), [...c]);
  }

  const cells: Record<'system' | 'bare', Record<number, Cell>> = { system: {}, bare: {} };
  for (const clients of CLIENTS) {
    cells.bare[clients] = await load(bareUrl, clients, SECONDS);
    cells.system[clients] = await load(
      systemUrl,
      clients,
      SECONDS,
      cookies.map((cookie) => ({ cookie })),
    );
  }

  const s1 = cells.system[1]!;
  const s16 = cells.system[16]!;
  const b1 = cells.bare[1]!;
  const b16 = cells.bare[16]!;
  const ratios = {
    throughputAt16: +(s16.perSecond / b16.perSecond).toFixed(2),
    throughputAt1: +(s1.perSecond / b1.perSecond).toFixed(2),
    p50At1: +(s1.p50 / b1.p50).toFixed(1),
  };
  const verdict = {
    throughputAt16: ratios.throughputAt16 >= TARGET.throughputRatioAt16,
    systemP50At1: s1.p50 < TARGET.systemP50At1Ms,
  };
  const report = {
    bench: 'portal',
    request: `GET ${PATH} as ${DEMO.danielUser.login} (${rows} requests in the answer)`,
    at: new Date().toISOString(),
    machine: { node: process.version, cpus: availableParallelism(), cpu: cpus()[0]?.model },
    secondsPerCell: SECONDS,
    warmupSeconds: WARMUP_SECONDS,
    cells,
    ratios,
    targets: { ...TARGET, met: verdict },
  };
  mkdirSync(new URL('../.data/bench/', import.meta.url), { recursive: true });
  writeFileSync(OUT, `${JSON.stringify(report, null, 2)}\n`);

  const pad = (v: unknown, n: number) => String(v).padStart(n);
  const lines = [
    `portal request list: ${report.request}, ${SECONDS} s per cell`,
    `${'target'.padEnd(8)}${pad('clients', 8)}${pad('req/s', 9)}${pad('p50 ms', 9)}${pad('p99 ms', 9)}`,
    ...CLIENTS.flatMap((c) =>
      (['system', 'bare'] as const).map((t) => {
        const x = cells[t][c]!;
        return `${t.padEnd(8)}${pad(c, 8)}${pad(x.perSecond, 9)}${pad(x.p50.toFixed(2), 9)}${pad(x.p99.toFixed(2), 9)}`;
      }),
    ),
    `system/bare throughput at 16: ${ratios.throughputAt16} (target ≥ ${TARGET.throughputRatioAt16}: ${verdict.throughputAt16 ? 'met' : 'NOT met'})`,
    `system p50 at 1: ${s1.p50.toFixed(2)} ms, ${ratios.p50At1}× the baseline (target < ${TARGET.systemP50At1Ms} ms: ${verdict.systemP50At1 ? 'met' : 'NOT met'})`,
    `figures: ${OUT}`,
  ];
  console.log(lines.join('\n'));
} finally {
  await closeServer(bareServer);
  await db.destroy();
  await sys.stop();
  await env.teardown();
}
