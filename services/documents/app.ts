import type { Knex } from 'knex';
import { clientAccessCheck } from '../../internal/client-access.js';
import { outboxRoutes } from '../../internal/outbox.js';
import { createServiceApp } from '../../internal/service-app.js';
import { createFileStore } from '../../lib/files/factory.js';
import type { FileStore } from '../../lib/files/store.js';
import type { DocumentsConfig } from './config.js';
import { clientDocumentRoutes } from './documents/client.js';
import { internalDocumentRoutes } from './documents/internal.js';
import { teamDocumentRoutes } from './documents/team.js';
import { signatureRoutes } from './signatures/routes.js';

/** The documents service: drafts, versions and publishing for the team; the document card and its actions for clients. */
export function createDocumentsApp(db: Knex, config: DocumentsConfig, store: FileStore = createFileStore(config.files)) {
  return createServiceApp(
    'documents',
    config.internalSecret,
    [
      teamDocumentRoutes(db, store, config.fileRules),
      clientDocumentRoutes(db, store, config.fileRules),
      signatureRoutes(db, config.signatures),
      internalDocumentRoutes(db),
      outboxRoutes(db),
    ],
    clientAccessCheck(db),
  );
}
