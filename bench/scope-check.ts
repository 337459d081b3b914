/**
 * The hot path of every portal request: resolve the caller's effective scope
 * and check one object against it in SQL. Side by side, in the same run and
 * the same database, a baseline doing the same lookups without policy logic
 * (the link's companies and the object by id). Rounds alternate so that both
 * see the same machine.
 *
 *   npm run bench:scope            (TEST_DATABASE_URL, default the local PostgreSQL)
 */
import knex from 'knex';
import { freshDatabase } from '../test/harness.js';
import { openSchema } from '../lib/db.js';
import { DEMO } from '../domain/demo.js';
import { DEV_INTERNAL_SECRET } from '../lib/config.js';
import { migrations as policyMigrations } from '../services/policy/migrations.js';
import { migrations as requestsMigrations } from '../services/requests/migrations.js';
import { policyService } from '../services/policy/service.js';
import { requestsService } from '../services/requests/service.js';
import { loadActiveScope } from '../services/policy/access/scope.js';
import { timeLoop } from './stats.js';

const N = Number(process.env.BENCH_CHECKS ?? 4000);
const ROUNDS = 3;

const database = await freshDatabase();
try {
  const cfg = { host: '127.0.0.1', port: 0, databaseUrl: database.url, internalSecret: DEV_INTERNAL_SECRET, seedDemo: true };
  const policy = await openSchema(database.url, 'policy', policyMigrations);
  const requests = await openSchema(database.url, 'requests', requestsMigrations);
  await policyService.seed!(policy, { ...cfg, identityUrl: '', requestsUrl: '', documentsUrl: '', reviewLifetimeSeconds: 3600 });
  await requestsService.seed!(requests, { ...cfg, files: { kind: 'local', dir: '' }, fileRules: { maxBytes: 0, types: [], pendingHours: 24 } });
  const user = DEMO.danielUser.id;
  const objects = (await requests('requests').select('id')).map((r) => r.id as string); // his and Northern Light's

  /** With policy: scope (one query, intersection in code) + the object in the scope's WHERE clause. */
  const protectedCheck = async (i: number) => {
    const found = await loadActiveScope(policy, user);
    const pairs = found!.scope.flatMap((c) => c.pipelineIds.map((p) => [c.companyId, p]));
    return requests('requests')
      .where({ id: objects[i % objects.length] })
      .whereIn(['company_id', 'pipeline_id'], pairs)
      .first();
  };
  /** Baseline: the same two round trips, no policies: the link's companies, then the object by id. */
  const baselineCheck = async (i: number) => {
    const rows = await policy('links')
      .join('link_companies', 'link_companies.link_id', 'links.id')
      .where({ 'links.user_id': user, 'links.status': 'active' })
      .select('link_companies.company_id');
    return requests('requests')
      .where({ id: objects[i % objects.length] })
      .whereIn(
        'company_id',
        rows.map((r) => r.company_id),
      )
      .first();
  };

  // Both must agree on what Daniel may see where policy does not narrow (sanity, not the measure).
  if (!(await protectedCheck(objects.indexOf('00000000-0000-4000-8000-000000000203')))) throw new Error('protected check denies a visible request');

  await timeLoop(500, protectedCheck);
  await timeLoop(500, baselineCheck);
  const results: { protected: ReturnType<typeof Object>; baseline: ReturnType<typeof Object> }[] = [];
  for (let r = 0; r < ROUNDS; r++) results.push({ baseline: await timeLoop(N, baselineCheck), protected: await timeLoop(N, protectedCheck) });
  const best = (k: 'protected' | 'baseline') => results.map((x) => x[k] as Awaited<ReturnType<typeof timeLoop>>).sort((a, b) => b.perSecond - a.perSecond)[0]!;
  const p = best('protected');
  const b = best('baseline');
  const ratio = +(p.perSecond / b.perSecond).toFixed(2);
  console.log(JSON.stringify({ checks: N, rounds: ROUNDS, protected: p, baseline: b, throughputRatio: ratio }, null, 2));
  console.log(`scope check: ${p.perSecond}/s p99 ${p.p99} ms; baseline ${b.perSecond}/s p99 ${b.p99} ms; ratio ${ratio} (target ≥ 0.8, p99 < 1 ms)`);
  await Promise.all([policy.destroy(), requests.destroy()]);
} finally {
  await database.drop();
  await knex({ client: 'pg' })
    .destroy()
    .catch(() => undefined);
}
