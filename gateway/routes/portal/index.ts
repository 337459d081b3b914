import Router from '@koa/router';
import type { ClientAuth } from '../../auth/client-session.js';
import { fileRoutes } from '../files.js';
import { notificationRoutes } from '../notifications.js';
import { documentFileRoutes } from './document-files.js';
import { accountRoutes } from './account.js';
import { collaborationRoutes } from './collaboration.js';
import type { PortalDeps } from './deps.js';
import { sessionRoutes } from './session.js';
import { signatureRoutes } from './signature.js';

/**
 * /api/portal: getting in and out (open); the client's own account, answered
 * here from a session and scope asked for this request; the collaboration,
 * answered by the services, which check again the session and scope this
 * gateway keeps.
 */
export function portalRouters(deps: PortalDeps, auth: ClientAuth): { open: Router; account: Router; collaboration: Router; files: Router } {
  const open = new Router({ prefix: '/api/portal' });
  sessionRoutes(open, deps);
  const account = new Router({ prefix: '/api/portal' });
  account.use(auth.fresh);
  accountRoutes(account, deps);
  signatureRoutes(account, deps);
  notificationRoutes(account, deps.upstream.identity, (ctx) => ({ recipientId: ctx.state.session.user.id, audience: 'client' }));
  const collaboration = new Router({ prefix: '/api/portal' });
  collaboration.use(auth.kept);
  collaborationRoutes(collaboration, deps, auth);
  // Files travel as streams that cannot be sent twice: asked with fresh access, not retried.
  const files = new Router({ prefix: '/api/portal' });
  files.use(auth.fresh);
  fileRoutes(files, deps.upstream.requests, async () => undefined);
  documentFileRoutes(files, deps.upstream.documents);
  return { open, account, collaboration, files };
}
