import type Router from '@koa/router';
import { callerOf, relay } from '../../upstream.js';
import { uuidParam } from '../params.js';
import type { GovernanceDeps } from './deps.js';

/**
 * The onboarding checklist (seed page 000, "after the first login"): the links
 * whose client has signed in and whose access nobody re-checked since, and the
 * audited "re-checked". Policy names the unchecked links the employee may
 * govern; identity says which of their clients signed in, and when.
 */
export function checklistRoutes(gov: Router, { upstream: { policy, identity } }: GovernanceDeps) {
  gov.get('/onboarding-checklist', async (ctx) => {
    const { links } = await relay(policy.uncheckedLinks(callerOf(ctx)));
    const { users } = await relay(
      identity.firstSignIns(
        callerOf(ctx),
        links.map((l) => l.user.id),
      ),
    );
    const first = new Map(users.map((u) => [u.userId, u.firstSignInAt]));
    ctx.body = {
      links: links
        .filter((l) => first.has(l.user.id))
        .map((l) => ({
          linkId: l.id,
          user: l.user,
          contact: l.contact,
          companies: l.companies,
          firstSignInAt: first.get(l.user.id)!,
        })),
    };
  });

  gov.post('/links/:id/access-checked', async (ctx) => {
    await relay(policy.accessChecked(callerOf(ctx), uuidParam(ctx, 'id', 'link')));
    ctx.body = { checked: true };
  });
}
