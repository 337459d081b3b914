import type Router from '@koa/router';
import type { Context } from 'koa';
import { callerOf, queryOf, relay } from '../../upstream.js';
import { previewQuery, uuidParam } from '../params.js';
import type { Employee, GovernanceDeps, LinkDetail } from './deps.js';

/** The link as policy shows it to this employee (403 when they may not govern its companies). */
export async function linkOf(ctx: Context, { upstream: { policy } }: GovernanceDeps): Promise<LinkDetail> {
  return relay(policy.get<LinkDetail>(callerOf(ctx), `/links/${uuidParam(ctx, 'id', 'link')}`));
}

/** Client links: the list, one link with everything about it, its status and companies, its sessions. */
export function linkRoutes(gov: Router, deps: GovernanceDeps) {
  const { identity, policy } = deps.upstream;
  const employeesOf = (ctx: Context) => relay(identity.get<{ employees: Employee[] }>(callerOf(ctx), '/employees'));

  gov.get('/links', async (ctx) => {
    const query = queryOf(ctx, ['status', 'q', 'page', 'pageSize', 'sort', 'order']);
    const [page, { employees }] = await Promise.all([relay(policy.get<{ links: LinkDetail[] }>(callerOf(ctx), `/links?${query}`)), employeesOf(ctx)]);
    // Who invited whom: the employee who confirmed the link.
    const invitedBy = (id: string) => employees.find((e) => e.id === id) ?? { id, name: id };
    ctx.body = { ...page, links: page.links.map((l) => ({ ...l, invitedBy: invitedBy(l.createdBy) })) };
  });

  gov.get('/links/:id', async (ctx) => {
    const link = await linkOf(ctx, deps);
    const caller = callerOf(ctx);
    const [{ invitations }, onboarding, { sessions }, { channelLinks }, { employees }] = await Promise.all([
      relay(identity.get<{ invitations: { id: string; status: string; issuedBy: string }[] }>(caller, `/invitations?linkId=${link.id}`)),
      // The link detail stays readable when Temporal is down; only the step is missing then.
      deps.workflows.status(`onboarding-${link.id}`).catch((err: Error) => ({ state: 'unavailable', error: err.message })),
      relay(identity.get<{ sessions: unknown[] }>(caller, `/sessions?userId=${link.user.id}`)),
      relay(identity.get<{ channelLinks: unknown[] }>(caller, `/channel-links?linkId=${link.id}`)),
      employeesOf(ctx),
    ]);
    const nameOf = (id: string) => employees.find((e) => e.id === id)?.name ?? id;
    ctx.body = { ...link, invitations: invitations.map((i) => ({ ...i, issuedByName: nameOf(i.issuedBy) })), onboarding, sessions, channelLinks };
  });

  // Enable resumes access at once. Disable and revoke start the offboarding workflow and
  // answer 202: the link status goes first (every portal request re-reads it, so access
  // stops on the next one), then sessions, invitations, channel links, and a report.
  gov.post(['/links/:id/status', '/links/:id/status/preview'], async (ctx) => {
    const linkId = uuidParam(ctx, 'id', 'link');
    // The preview also checks the request (status, rights, a final link) before anything starts.
    const preview = await relay(
      policy.post<{ status: string; userId: string; contactId: string; impact: unknown }>(
        callerOf(ctx),
        `/links/${linkId}/status?dryRun=true`,
        ctx.request.body,
      ),
    );
    if (previewQuery(ctx)) {
      ctx.body = preview;
      return;
    }
    if (preview.status === 'active') {
      ctx.body = await relay(policy.post(callerOf(ctx), `/links/${linkId}/status`, ctx.request.body));
      return;
    }
    const link = await linkOf(ctx, deps);
    const { workflowId } = await deps.workflows.startOffboarding({
      linkId,
      status: preview.status as 'disabled' | 'revoked',
      employeeId: callerOf(ctx).id,
      companyIds: link.companies.map((c) => c.id),
    });
    // The offboarding goes on in Temporal: follow it at /api/governance/workflows/<workflowId>, whose answer carries the report.
    ctx.status = 202;
    ctx.body = { accepted: true, status: preview.status, userId: preview.userId, impact: preview.impact, workflowId };
  });

  gov.post(['/links/:id/companies', '/links/:id/companies/preview'], async (ctx) => {
    ctx.body = await relay(policy.post(callerOf(ctx), `/links/${uuidParam(ctx, 'id', 'link')}/companies${previewQuery(ctx)}`, ctx.request.body));
  });

  gov.post('/links/:id/sessions/end', async (ctx) => {
    const link = await linkOf(ctx, deps);
    ctx.body = await relay(identity.post(callerOf(ctx), `/users/${link.user.id}/sessions/end`, { reason: 'ended_by_employee' }));
  });
}
