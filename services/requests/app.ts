import type { Knex } from 'knex';
import { createFileStore } from '../../lib/files/factory.js';
import type { FileStore } from '../../lib/files/store.js';
import { clientAccessCheck } from '../../internal/client-access.js';
import { outboxRoutes } from '../../internal/outbox.js';
import { createServiceApp } from '../../internal/service-app.js';
import { attachmentRoutes } from './attachments/routes.js';
import { channelRoutes } from './channel/routes.js';
import type { RequestsConfig } from './config.js';
import { noteRoutes } from './notes/routes.js';
import { pipelineRoutes } from './pipelines/routes.js';
import { clientRequestRoutes } from './requests/client.js';
import { internalRoutes } from './requests/internal.js';
import { teamRequestRoutes } from './requests/team.js';

/**
 * The requests service: pipelines and their forms, requests on both sides
 * (the client's, limited to their scope in SQL; the team's, limited to the
 * companies the employee may govern), the general channel, notes and files.
 */
export function createRequestsApp(db: Knex, config: RequestsConfig, store: FileStore = createFileStore(config.files)) {
  return createServiceApp(
    'requests',
    config.internalSecret,
    [
      pipelineRoutes(db),
      clientRequestRoutes(db, config),
      teamRequestRoutes(db),
      channelRoutes(db, config),
      noteRoutes(db),
      attachmentRoutes(db, store, config.fileRules),
      internalRoutes(db),
      outboxRoutes(db),
    ],
    clientAccessCheck(db),
  );
}
