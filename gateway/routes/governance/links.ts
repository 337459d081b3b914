import type Router from '@koa/router';
import type { Context } from 'koa';
import { forward } from '../../../internal/messages.js';
import { unprocessable } from '../../../lib/errors.js';
import { parseBody } from '../../../lib/validate.js';
import { LinkStatusRequestSchema } from '../../../proto/gen/extranet/v1/governance_pb.js';
import { callerOf, relay, textQuery } from '../../upstream.js';
import { preview, uuidParam } from '../params.js';
import type { GovernanceDeps } from './deps.js';

/** The link as policy shows it to this employee (403 when they may not govern its companies). */
export async function linkOf(ctx: Context, { upstream: { policy } }: GovernanceDeps) {
  return relay(policy.link(callerOf(ctx), uuidParam(ctx, 'id', 'link')));
}

/** Client links: the list, one link with everything about it, its status and companies, its sessions. */
export function linkRoutes(gov: Router, deps: GovernanceDeps) {
  const { identity, policy } = deps.upstream;
  const employeesOf = (ctx: Context) => relay(identity.employees(callerOf(ctx)));

  gov.get('/links', async (ctx) => {
    const [page, { employees }] = await Promise.all([relay(policy.links(callerOf(ctx), textQuery(ctx))), employeesOf(ctx)]);
    // Who invited whom: the employee who confirmed the link.
    const invitedBy = (id: string) => employees.find((e) => e.id === id) ?? { id, name: id };
    ctx.body = { ...page, links: page.links.map((l) => ({ ...l, invitedBy: invitedBy(l.createdBy) })) };
  });

  gov.get('/links/:id', async (ctx) => {
    const link = await linkOf(ctx, deps);
    const caller = callerOf(ctx);
    const [{ invitations }, onboarding, { sessions }, { channelLinks }, { employees }] = await Promise.all([
      relay(identity.invitations(caller, link.id)),
      // The link detail stays readable when Temporal is down; only the step is missing then.
      deps.workflows.status(`onboarding-${link.id}`).catch((err: Error) => ({ state: 'unavailable', error: err.message })),
      relay(identity.sessions(caller, link.user.id)),
      relay(identity.channelLinks(caller, link.id)),
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
    const body = forward(ctx.request.body);
    const previewed = await relay(policy.changeLinkStatus(callerOf(ctx), linkId, body, { dryRun: true }));
    if (preview(ctx).dryRun) {
      ctx.body = previewed;
      return;
    }
    if (previewed.status === 'active') {
      ctx.body = await relay(policy.changeLinkStatus(callerOf(ctx), linkId, body));
      return;
    }
    const link = await linkOf(ctx, deps);
    const { requests: chosen } = parseBody(LinkStatusRequestSchema, ctx.request.body);
    // Each choice names an unfinished request of this contact, and a hand-over a member of the team.
    if (chosen.length) {
      const { requests: open } = await relay(
        deps.upstream.requests.openRequests(deps.upstream.requests.system, { contactId: link.contact.id, companyIds: link.companies.map((c) => c.id) }),
      );
      const { employees } = await employeesOf(ctx);
      for (const c of chosen) {
        if (!open.some((r) => r.id === c.requestId)) throw unprocessable('requests', `request ${c.requestId} is not an unfinished request of this client`);
        const to = employees.find((e) => e.id === c.employeeId);
        if (c.action !== 'hand_over') continue;
        if (!to) throw unprocessable('requests', `employee ${c.employeeId} is not a member of the team`);
        // Only to someone who may work with the request's company.
        const companyId = open.find((r) => r.id === c.requestId)!.companyId;
        const { governs } = await relay(deps.upstream.policy.employeeGoverns(deps.upstream.policy.system, { employeeId: to.id, role: to.role, companyId }));
        if (!governs) throw unprocessable('requests', `${to.name} may not work with this client's company`);
      }
      if (new Set(chosen.map((c) => c.requestId)).size !== chosen.length) throw unprocessable('requests', 'a request is named twice');
    }
    const { workflowId } = await deps.workflows.startOffboarding({
      linkId,
      status: previewed.status as 'disabled' | 'revoked',
      employeeId: callerOf(ctx).id,
      companyIds: link.companies.map((c) => c.id),
      requests: chosen.map(({ $typeName: _, ...c }) => c),
    });
    // The offboarding goes on in Temporal: follow it at /api/governance/workflows/<workflowId>, whose answer carries the report.
    ctx.status = 202;
    ctx.body = { accepted: true, status: previewed.status, userId: previewed.userId, impact: previewed.impact, workflowId };
  });

  // Before ending a collaboration: the client's unfinished requests, to close or hand over one by one.
  gov.get('/links/:id/open-requests', async (ctx) => {
    const link = await linkOf(ctx, deps);
    ctx.body = await relay(
      deps.upstream.requests.openRequests(deps.upstream.requests.system, { contactId: link.contact.id, companyIds: link.companies.map((c) => c.id) }),
    );
  });

  // … and the documents it is still asked to answer, and the signature requests it has still to sign (withdrawn when it ends).
  gov.get('/links/:id/open-documents', async (ctx) => {
    const scope = await relay(policy.linkScope(callerOf(ctx), uuidParam(ctx, 'id', 'link')));
    const { documents } = deps.upstream;
    ctx.body = await relay(documents.openDocuments(documents.system, { userId: scope.userId, contactId: scope.contactId, companies: scope.companies }));
  });

  gov.post(['/links/:id/companies', '/links/:id/companies/preview'], async (ctx) => {
    ctx.body = await relay(policy.changeLinkCompanies(callerOf(ctx), uuidParam(ctx, 'id', 'link'), forward(ctx.request.body), preview(ctx)));
  });

  gov.post('/links/:id/sessions/end', async (ctx) => {
    const link = await linkOf(ctx, deps);
    ctx.body = await relay(identity.endSessionsOfUser(callerOf(ctx), link.user.id, 'ended_by_employee'));
  });
}
