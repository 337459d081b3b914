import { runMain } from '../../lib/config.js';
import { startService, stopOnSignals } from '../../lib/service-main.js';
import { loadDocumentsConfig } from './config.js';
import { documentsService } from './service.js';

process.env.EXTRANET_PROCESS ??= 'documents';
await runMain('documents', async () => {
  const running = await startService(documentsService, loadDocumentsConfig());
  stopOnSignals(running.stop);
});
