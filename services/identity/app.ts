import type { Knex } from 'knex';
import { auditRoute } from '../../internal/audit-route.js';
import { createServiceApp } from '../../internal/service-app.js';
import type { IdentityConfig } from './config.js';
import { channelLinkRoutes } from './channel-links/routes.js';
import { employeeRoutes } from './employees/routes.js';
import { employeeSessionRoutes } from './employees/sessions.js';
import { invitationRoutes } from './invitations/routes.js';
import { notificationRoutes } from './notifications/routes.js';
import { rateLimitRoutes } from './rate-limits/routes.js';
import { sessionRoutes } from './sessions/routes.js';
import { settingsRoutes } from './settings/routes.js';
import { userRoutes } from './users/routes.js';

/** The identity service: portal users, employees and their sessions, invitations, client sessions, security settings, attempt limits. */
export function createIdentityApp(db: Knex, config: IdentityConfig) {
  return createServiceApp('identity', config.internalSecret, [
    userRoutes(db),
    employeeRoutes(db),
    employeeSessionRoutes(db),
    invitationRoutes(db),
    sessionRoutes(db),
    channelLinkRoutes(db),
    notificationRoutes(db),
    settingsRoutes(db),
    rateLimitRoutes(db),
    auditRoute(db, 'identity'),
  ]);
}
