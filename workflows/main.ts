import { runMain } from '../lib/config.js';
import { logger } from '../lib/logger.js';
import { loadWorkerConfig } from './config.js';
import { createWorker } from './worker.js';

process.env.EXTRANET_PROCESS ??= 'worker';
await runMain('worker', async () => {
  const config = loadWorkerConfig();
  let created;
  try {
    created = await createWorker(config);
  } catch (err) {
    throw new Error(`cannot reach Temporal at ${config.temporalAddress} (${(err as Error).message}); start it or set TEMPORAL_ADDRESS`);
  }
  const { worker, connection } = created;
  const stop = () => worker.shutdown();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  logger.info({ taskQueue: config.taskQueue }, 'worker running');
  await worker.run();
  await connection.close();
});
