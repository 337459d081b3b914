import type { Knex } from 'knex';
import { auditRoute } from '../../internal/audit-route.js';
import { createServiceApp } from '../../internal/service-app.js';
import { ServiceClient } from '../../internal/client.js';
import { documentsClient } from '../../internal/clients/documents.js';
import { identityClient } from '../../internal/clients/identity.js';
import { requestsClient } from '../../internal/clients/requests.js';
import type { PolicyConfig } from './config.js';
import { audienceRoutes } from './access/audience.js';
import { scopeRoutes } from './access/routes.js';
import { diagnosticsRoutes } from './diagnostics/routes.js';
import { directoryRoutes } from './directory/routes.js';
import { onboardingRoutes } from './links/onboarding.js';
import { reviewRoutes } from './links/reviews.js';
import { linkRoutes } from './links/routes.js';
import { accessCheckRoutes } from './links/checks.js';
import { policyRoutes } from './policies/routes.js';

/** The policy service: the directory, link reviews, links, company and contact policies, the effective scope, diagnostics, audit. */
export function createPolicyApp(db: Knex, config: PolicyConfig) {
  const identity = identityClient(new ServiceClient('identity', config.identityUrl, config.internalSecret, 'policy'));
  const requests = requestsClient(new ServiceClient('requests', config.requestsUrl, config.internalSecret, 'policy'));
  const documents = documentsClient(new ServiceClient('documents', config.documentsUrl, config.internalSecret, 'policy'));
  return createServiceApp('policy', config.internalSecret, [
    directoryRoutes(db),
    reviewRoutes(db, identity, config.reviewLifetimeSeconds),
    onboardingRoutes(db),
    // Before linkRoutes: /links/unchecked is not a link id.
    accessCheckRoutes(db),
    linkRoutes(db, { requests, documents }),
    policyRoutes(db, { requests, documents }),
    scopeRoutes(db),
    audienceRoutes(db),
    diagnosticsRoutes(db, { identity, requests, documents }),
    auditRoute(db, 'policy'),
  ]);
}
