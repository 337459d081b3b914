import type Router from '@koa/router';
import { forward } from '../../../internal/messages.js';
import { callerOf, relay } from '../../upstream.js';
import { preview, uuidParam } from '../params.js';
import type { GovernanceDeps } from './deps.js';

/** Company policy, contact policy and the extranet switch; every change has a `/preview` twin that writes nothing. */
export function policyRoutes(gov: Router, { upstream: { policy } }: GovernanceDeps) {
  const company = (ctx: Parameters<typeof uuidParam>[0]) => uuidParam(ctx, 'id', 'company');
  gov.post(['/companies/:id/policy', '/companies/:id/policy/preview'], async (ctx) => {
    ctx.body = await relay(policy.changeCompanyPolicy(callerOf(ctx), company(ctx), forward(ctx.request.body), preview(ctx)));
  });
  gov.post(['/companies/:id/access', '/companies/:id/access/preview'], async (ctx) => {
    ctx.body = await relay(policy.changeCompanyAccess(callerOf(ctx), company(ctx), forward(ctx.request.body), preview(ctx)));
  });
  const contact = (ctx: Parameters<typeof uuidParam>[0]) => uuidParam(ctx, 'contactId', 'contact');
  const ofCompany = (ctx: Parameters<typeof uuidParam>[0]) => uuidParam(ctx, 'companyId', 'company');
  gov.get('/contacts/:contactId/policies/:companyId', async (ctx) => {
    ctx.body = await relay(policy.contactPolicy(callerOf(ctx), contact(ctx), ofCompany(ctx)));
  });
  gov.post(['/contacts/:contactId/policies/:companyId', '/contacts/:contactId/policies/:companyId/preview'], async (ctx) => {
    ctx.body = await relay(policy.changeContactPolicy(callerOf(ctx), contact(ctx), ofCompany(ctx), forward(ctx.request.body), preview(ctx)));
  });
}
