import type Koa from 'koa';
import type { Knex } from 'knex';
import type { Server } from 'node:http';
import { openSchema, type Migration } from './db.js';
import { closeServer, listen } from './http.js';
import { logger } from './logger.js';
import type { ServiceConfig } from './config.js';

/** How one service is put together; each service's main.ts fills it in. */
export interface ServiceDefinition<C extends ServiceConfig> {
  name: string;
  schema: string;
  migrations: Migration[];
  createApp(db: Knex, config: C): Koa;
  /** Writes the demo data when its tables are empty; runs after migrations when SEED_DEMO is on. */
  seed?(db: Knex, config: C): Promise<void>;
  /** Writes what the service cannot run without (e.g. default settings). */
  prepare?(db: Knex, config: C): Promise<void>;
}

export interface RunningService {
  db: Knex;
  server: Server;
  port: number;
  url: string;
  stop(): Promise<void>;
}

/** Migrates, seeds and starts one service; used by its main.ts and by the tests. */
export async function startService<C extends ServiceConfig>(def: ServiceDefinition<C>, config: C): Promise<RunningService> {
  const db = await openSchema(config.databaseUrl, def.schema, def.migrations);
  try {
    await def.prepare?.(db, config);
    if (config.seedDemo) await def.seed?.(db, config);
    const { server, port } = await listen(def.createApp(db, config), config.port, config.host, `${def.name} service`);
    logger.info({ service: def.name, port }, 'listening');
    return {
      db,
      server,
      port,
      url: `http://${config.host}:${port}`,
      async stop() {
        await closeServer(server);
        await db.destroy();
      },
    };
  } catch (err) {
    await db.destroy();
    throw err;
  }
}

/** Stops the given things on SIGINT/SIGTERM, then exits. */
export function stopOnSignals(stop: () => Promise<void>): void {
  let stopping = false;
  const handler = () => {
    if (stopping) return;
    stopping = true;
    stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}
