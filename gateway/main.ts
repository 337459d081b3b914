import { runMain } from '../lib/config.js';
import { closeServer, listen } from '../lib/http.js';
import { logger } from '../lib/logger.js';
import { stopOnSignals } from '../lib/service-main.js';
import { loadGatewayConfig } from './config.js';
import { createGateway } from './app.js';

process.env.EXTRANET_PROCESS ??= 'gateway';
await runMain('gateway', async () => {
  const config = loadGatewayConfig();
  const gateway = createGateway(config);
  const { server, port } = await listen(gateway.app, config.port, config.host, 'gateway (GATEWAY_PORT)');
  logger.info({ port, publicUrl: config.publicUrl }, 'gateway listening');
  stopOnSignals(async () => {
    await closeServer(server);
    await gateway.close();
  });
});
