import { serviceConfig, type ServiceConfig } from '../../lib/config.js';

export type RequestsConfig = ServiceConfig;
export const loadRequestsConfig = (env = process.env): RequestsConfig => serviceConfig(env, 'REQUESTS_PORT', 8103);
