import type Router from '@koa/router';
import { forbidden, notFound } from '../../../lib/errors.js';
import { isUuid } from '../../../lib/http.js';
import { callerOf, relay } from '../../upstream.js';
import type { GovernanceDeps } from './deps.js';

const WORKFLOW_ID = /^(onboarding|invitation|offboarding)-[0-9a-f-]{36}$/;

/** The operator view of one workflow: its `status` query, with the rights of the link it is about. */
export function workflowRoutes(gov: Router, { upstream: { policy }, workflows }: GovernanceDeps) {
  gov.get('/workflows/:workflowId', async (ctx) => {
    const workflowId = ctx.params.workflowId!;
    if (!WORKFLOW_ID.test(workflowId)) throw notFound('workflow');
    const status = await workflows.status(workflowId);
    if (!status) throw notFound('workflow');
    const caller = callerOf(ctx);
    if (isUuid(status.linkId)) await relay(policy.authorizeLink(caller, status.linkId));
    else if (caller.kind !== 'employee' || caller.role !== 'administrator') throw forbidden('only administrators see this workflow');
    ctx.body = status;
  });
}
