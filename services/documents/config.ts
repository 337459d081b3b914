import { serviceConfig, type ServiceConfig } from '../../lib/config.js';

export type DocumentsConfig = ServiceConfig;
export const loadDocumentsConfig = (env = process.env): DocumentsConfig => serviceConfig(env, 'DOCUMENTS_PORT', 8104);
