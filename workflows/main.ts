import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';
import { runMain } from '../lib/config.js';
import { logger } from '../lib/logger.js';
import { loadWorkerConfig } from './config.js';
import { createWorker } from './worker.js';

process.env.EXTRANET_PROCESS ??= 'worker';
await runMain('worker', async () => {
  const config = loadWorkerConfig();
  const level = (process.env.LOG_LEVEL ?? 'info').toUpperCase();
  Runtime.install({ logger: new DefaultLogger((['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'].includes(level) ? level : 'ERROR') as LogLevel) });
  let created: Awaited<ReturnType<typeof createWorker>>;
  try {
    created = await createWorker(config);
  } catch (err) {
    throw new Error(`cannot reach Temporal at ${config.temporalAddress} (${(err as Error).message}); start it or set TEMPORAL_ADDRESS`);
  }
  const { worker, connection, relay } = created;
  // Ctrl-C reaches every process of the group and the launcher sends SIGTERM too: shut down once.
  const stop = () => {
    void relay.stop();
    if (worker.getState() === 'RUNNING') worker.shutdown();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  logger.info({ taskQueue: config.taskQueue }, 'worker running');
  // The launcher waits for this line: the workflow bundle is built and polling starts now.
  process.stdout.write(`worker ready on task queue ${config.taskQueue}\n`);
  relay.start();
  await worker.run();
  await relay.stop();
  await connection.close();
});
