import knex, { type Knex } from 'knex';

/** One migration of a service, kept in code so that tsx and bundlers need no file loader. */
export interface Migration {
  name: string;
  up(db: Knex): Promise<void>;
  down?(db: Knex): Promise<void>;
}

function hostOf(databaseUrl: string): string {
  const u = new URL(databaseUrl);
  return `${u.hostname}:${u.port || 5432}${u.pathname}`;
}

/** Explains the usual ways a database connection fails in one line. */
export function explainDbError(err: unknown, databaseUrl: string): Error {
  const e = err as { code?: string; message?: string };
  const where = hostOf(databaseUrl);
  if (e.code === 'ECONNREFUSED' || e.code === 'ENOTFOUND' || e.code === 'ETIMEDOUT')
    return new Error(`cannot reach PostgreSQL at ${where}; start it or set DATABASE_URL`);
  if (e.code === '3D000') return new Error(`database in ${where} does not exist; create it or set DATABASE_URL`);
  if (e.code === '28P01' || e.code === '28000') return new Error(`PostgreSQL refused the credentials in DATABASE_URL (${where})`);
  return new Error(`PostgreSQL at ${where}: ${e.message ?? String(err)}`);
}

/**
 * Opens the service's own schema and brings it to the newest migration.
 * Each service owns exactly one schema; its search_path points only there.
 */
export async function openSchema(databaseUrl: string, schema: string, migrations: Migration[]): Promise<Knex> {
  const db = knex({
    client: 'pg',
    connection: databaseUrl,
    searchPath: [schema],
    pool: { min: 0, max: 10 },
    // Connection failures are reported once, as one clear line, by explainDbError.
    log: { warn() {}, error() {}, deprecate() {}, debug() {} },
  });
  try {
    await db.raw(`create schema if not exists ??`, [schema]);
    await db.migrate.latest({
      schemaName: schema,
      tableName: 'knex_migrations',
      migrationSource: {
        getMigrations: async () => migrations,
        getMigrationName: (m: Migration) => m.name,
        getMigration: async (m: Migration) => ({ up: m.up, down: m.down ?? (async () => undefined) }),
      },
    });
  } catch (err) {
    await db.destroy();
    throw explainDbError(err, databaseUrl);
  }
  return db;
}

/** True when a query failed on a unique constraint (the idempotency guard). */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const e = err as { code?: string; constraint?: string };
  return e.code === '23505' && (constraint === undefined || e.constraint === constraint);
}
