import Router from '@koa/router';
import type { Context, Next } from 'koa';
import { auditRoutes } from './audit.js';
import type { GovernanceDeps } from './deps.js';
import { diagnosticsRoutes } from './diagnostics.js';
import { documentRoutes } from './documents.js';
import { directoryRoutes } from './directory.js';
import { invitationRoutes } from './invitations.js';
import { linkRoutes } from './links.js';
import { checklistRoutes } from './checklist.js';
import { mailRoutes } from './mail.js';
import { policyRoutes } from './policies.js';
import { requestRoutes } from './requests.js';
import { securityRoutes } from './security.js';
import { signatureRoutes } from './signatures.js';
import { wizardRoutes } from './wizard.js';
import { workflowRoutes } from './workflows.js';
import { notificationRoutes } from '../notifications.js';
import { callerOf } from '../../upstream.js';

/** /api/governance: every route behind the employee session check, one file per resource. */
export function governanceRouter(deps: GovernanceDeps, requireEmployee: (ctx: Context, next: Next) => Promise<void>): Router {
  const gov = new Router({ prefix: '/api/governance' });
  gov.use(requireEmployee);
  for (const add of [
    directoryRoutes,
    wizardRoutes,
    linkRoutes,
    checklistRoutes,
    invitationRoutes,
    policyRoutes,
    diagnosticsRoutes,
    requestRoutes,
    documentRoutes,
    signatureRoutes,
    securityRoutes,
    auditRoutes,
    workflowRoutes,
    mailRoutes,
  ])
    add(gov, deps);
  notificationRoutes(gov, deps.upstream.identity, (ctx) => ({ recipientId: callerOf(ctx).id, audience: 'employee' }));
  return gov;
}
