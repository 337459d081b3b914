import { runMain } from '../../lib/config.js';
import { startService, stopOnSignals } from '../../lib/service-main.js';
import { loadPolicyConfig } from './config.js';
import { policyService } from './service.js';

process.env.EXTRANET_PROCESS ??= 'policy';
await runMain('policy', async () => {
  const running = await startService(policyService, loadPolicyConfig());
  stopOnSignals(running.stop);
});
