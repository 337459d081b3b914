/**
 * The one typed client of the gateway's API for both web apps: every endpoint
 * they call, with its request and answer types. Errors are always
 * `{ error: { code, message, details: { field } } }`; a call never throws, it
 * answers an ApiResult.
 *
 * Its parts, by area: the exchange and its errors (api/http.ts), the shapes
 * both areas share, the portal's types and client, the governance types (the
 * client links', the requests' and the documents' apart) and client.
 */

export type { ApiError, ApiResult, DateTime } from './api/http.js';
export * from './api/shapes.js';
export * from './api/portal-types.js';
export * from './api/portal.js';
export * from './api/governance-types.js';
export * from './api/link-types.js';
export * from './api/request-types.js';
export * from './api/document-types.js';
export * from './api/notification-types.js';
export * from './api/governance.js';
