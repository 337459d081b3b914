import { runMain } from '../../lib/config.js';
import { startService, stopOnSignals } from '../../lib/service-main.js';
import { loadRequestsConfig } from './config.js';
import { requestsService } from './service.js';

process.env.EXTRANET_PROCESS ??= 'requests';
await runMain('requests', async () => {
  const running = await startService(requestsService, loadRequestsConfig());
  stopOnSignals(running.stop);
});
