import type Router from '@koa/router';
import { callerOf, relay } from '../../upstream.js';
import { previewQuery, uuidParam } from '../params.js';
import type { GovernanceDeps } from './deps.js';

/** Company policy, contact policy and the extranet switch; every change has a `/preview` twin that writes nothing. */
export function policyRoutes(gov: Router, { upstream: { policy } }: GovernanceDeps) {
  const company = (ctx: Parameters<typeof uuidParam>[0]) => uuidParam(ctx, 'id', 'company');
  gov.post(['/companies/:id/policy', '/companies/:id/policy/preview'], async (ctx) => {
    ctx.body = await relay(policy.post(callerOf(ctx), `/companies/${company(ctx)}/policy${previewQuery(ctx)}`, ctx.request.body));
  });
  gov.post(['/companies/:id/access', '/companies/:id/access/preview'], async (ctx) => {
    ctx.body = await relay(policy.post(callerOf(ctx), `/companies/${company(ctx)}/access${previewQuery(ctx)}`, ctx.request.body));
  });
  const contactPolicyPath = (ctx: Parameters<typeof uuidParam>[0]) =>
    `/contacts/${uuidParam(ctx, 'contactId', 'contact')}/policies/${uuidParam(ctx, 'companyId', 'company')}`;
  gov.get('/contacts/:contactId/policies/:companyId', async (ctx) => {
    ctx.body = await relay(policy.get(callerOf(ctx), contactPolicyPath(ctx)));
  });
  gov.post(['/contacts/:contactId/policies/:companyId', '/contacts/:contactId/policies/:companyId/preview'], async (ctx) => {
    ctx.body = await relay(policy.post(callerOf(ctx), `${contactPolicyPath(ctx)}${previewQuery(ctx)}`, ctx.request.body));
  });
}
