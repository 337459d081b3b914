import type Router from '@koa/router';
import { forbidden } from '../../../lib/errors.js';
import { isUuid } from '../../../lib/http.js';
import { callerOf, queryOf, relay } from '../../upstream.js';
import type { GovernanceDeps } from './deps.js';

interface AuditEntry {
  at: string;
}

/**
 * One audit trail from both services' append-only logs, newest first.
 * Administrators and department leads read the whole trail; an account manager
 * the trail of a link or company they govern.
 */
export function auditRoutes(gov: Router, { upstream: { identity, policy } }: GovernanceDeps) {
  gov.get('/audit', async (ctx) => {
    const query = queryOf(ctx, ['linkId', 'companyId', 'actorId']);
    const caller = callerOf(ctx);
    if (caller.kind === 'employee' && caller.role === 'account_manager') {
      const linkId = query.get('linkId');
      const companyId = query.get('companyId');
      if (!linkId && !companyId) throw forbidden('choose a link or a company you govern to read its audit trail');
      if (linkId) await relay(policy.post(caller, `/links/${isUuid(linkId) ? linkId : 'unknown'}/authorize`));
      if (companyId) await relay(policy.post(caller, `/companies/${isUuid(companyId) ? companyId : 'unknown'}/authorize`));
    }
    const [fromPolicy, fromIdentity] = await Promise.all([
      relay(policy.get<{ entries: AuditEntry[] }>(caller, `/audit?${query}`)),
      relay(identity.get<{ entries: AuditEntry[] }>(caller, `/audit?${query}`)),
    ]);
    ctx.body = { entries: [...fromPolicy.entries, ...fromIdentity.entries].sort((x, y) => y.at.localeCompare(x.at)) };
  });
}
