import { runMain } from '../../lib/config.js';
import { startService, stopOnSignals } from '../../lib/service-main.js';
import { loadIdentityConfig } from './config.js';
import { identityService } from './service.js';

process.env.EXTRANET_PROCESS ??= 'identity';
await runMain('identity', async () => {
  const running = await startService(identityService, loadIdentityConfig());
  stopOnSignals(running.stop);
});
