import type Router from '@koa/router';
import { forbidden } from '../../../lib/errors.js';
import { isUuid } from '../../../lib/http.js';
import { callerOf, relay, textQuery } from '../../upstream.js';
import type { GovernanceDeps } from './deps.js';

/**
 * One audit trail from both services' append-only logs, newest first.
 * Administrators and department leads read the whole trail; an account manager
 * the trail of a link or company they govern.
 */
export function auditRoutes(gov: Router, { upstream: { identity, policy } }: GovernanceDeps) {
  gov.get('/audit', async (ctx) => {
    const query = textQuery(ctx);
    const caller = callerOf(ctx);
    if (caller.kind === 'employee' && caller.role === 'account_manager') {
      const { linkId, companyId } = query;
      if (!linkId && !companyId) throw forbidden('choose a link or a company you govern to read its audit trail');
      if (linkId) await relay(policy.authorizeLink(caller, isUuid(linkId) ? linkId : 'unknown'));
      if (companyId) await relay(policy.authorizeCompany(caller, isUuid(companyId) ? companyId : 'unknown'));
    }
    const [fromPolicy, fromIdentity] = await Promise.all([relay(policy.audit(caller, query)), relay(identity.audit(caller, query))]);
    ctx.body = { entries: [...fromPolicy.entries, ...fromIdentity.entries].sort((x, y) => y.at.localeCompare(x.at)) };
  });
}
