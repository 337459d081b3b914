import Router from '@koa/router';
import type { Context, Next } from 'koa';
import { accountRoutes } from './account.js';
import { collaborationRoutes } from './collaboration.js';
import type { PortalDeps } from './deps.js';
import { sessionRoutes } from './session.js';

/** /api/portal: getting in and out (open), and everything of a signed-in client (behind the session and scope check). */
export function portalRouters(deps: PortalDeps, requireClient: (ctx: Context, next: Next) => Promise<void>): { open: Router; signedIn: Router } {
  const open = new Router({ prefix: '/api/portal' });
  sessionRoutes(open, deps);
  const signedIn = new Router({ prefix: '/api/portal' });
  signedIn.use(requireClient);
  accountRoutes(signedIn, deps);
  collaborationRoutes(signedIn, deps);
  return { open, signedIn };
}
