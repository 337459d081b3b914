import type { TestSystem } from './harness.js';

/** Tables whose rows change on any attempt (counters), not on a write of the product. */
const COUNTERS = new Set([
  'identity.rate_limits',
  'identity.sign_in_failures',
  'identity.employee_sessions',
  // Written by the worker's notification batches at the end of their window, whatever a test does meanwhile.
  'identity.notifications',
  'identity.notification_batches',
]);

/**
 * Row counts of every table of every service schema, for "writes nothing":
 * a refusal must leave all of them as they were, not only the table a test
 * happens to think of. Attempt counters are left out.
 */
export async function rowCounts(sys: TestSystem): Promise<Record<string, number>> {
  const { rows } = await sys.db.raw(
    `select table_schema || '.' || table_name as name from information_schema.tables
      where table_schema in ('identity', 'policy', 'requests', 'documents') and table_type = 'BASE TABLE'
        and table_name not like 'knex_migrations%' order by 1`,
  );
  const counts: Record<string, number> = {};
  for (const { name } of rows as { name: string }[]) {
    if (COUNTERS.has(name)) continue;
    const [row] = await sys.db(name).count({ n: '*' });
    counts[name] = Number(row?.n);
  }
  return counts;
}
