import type Router from '@koa/router';
import type { Context } from 'koa';
import { HttpError, forbidden, notFound } from '../lib/errors.js';
import { isUuid } from '../lib/http.js';
import { type ServiceClient, ServiceError } from '../internal/client.js';
import type { Actor, CompanyScope } from '../internal/actor.js';

/** A service's refusal passes through unchanged; its failure becomes a 502 without internals. */
export async function pass<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (err) {
    if (err instanceof ServiceError) {
      if (err.status < 500)
        throw new HttpError(err.status, err.code, err.body.error?.message ?? 'refused', (err.body.error?.details ?? {}) as Record<string, unknown>);
      throw new HttpError(502, 'upstream_error', `the ${err.service} service failed; try again`);
    }
    throw err;
  }
}

export interface AccessDeps {
  identity: ServiceClient;
  policy: ServiceClient;
  requests: ServiceClient;
  documents: ServiceClient;
  /** Runs `offboarding-<linkId>` to its end and returns its report. */
  offboard(input: { linkId: string; status: string; userId: string; contactId: string; companyIds: string[]; employeeId: string }): Promise<unknown>;
}

const actor = (ctx: Context) => ctx.state.actor as Actor;
const qs = (ctx: Context) => (ctx.path.endsWith('/preview') ? '?dryRun=true' : '');
const id = (ctx: Context, name = 'id') => {
  const v = ctx.params[name];
  if (!isUuid(v)) throw notFound(name === 'id' ? 'object' : name.replace(/Id$/, ''));
  return v;
};

/**
 * Governance routes for access: policies with impact preview, link lifecycle,
 * diagnostics, view-as, security settings, sessions, channel links, audit.
 * Every `/preview` twin answers what would change and writes nothing.
 */
export function accessRoutes(gov: Router, d: AccessDeps) {
  gov.get('/employees', async (ctx) => {
    ctx.body = await pass(d.identity.get(actor(ctx), '/employees'));
  });
  // Administrators change an employee's role or disable them; their sessions see it on the next request.
  gov.post('/employees/:id', async (ctx) => {
    ctx.body = await pass(d.identity.post(actor(ctx), `/employees/${id(ctx)}`, ctx.request.body));
  });
  gov.get('/companies/:id', async (ctx) => {
    ctx.body = await pass(d.policy.get(actor(ctx), `/companies/${id(ctx)}`));
  });
  gov.post(['/companies/:id/policy', '/companies/:id/policy/preview'], async (ctx) => {
    ctx.body = await pass(d.policy.post(actor(ctx), `/companies/${id(ctx)}/policy${qs(ctx)}`, ctx.request.body));
  });
  gov.post(['/companies/:id/access', '/companies/:id/access/preview'], async (ctx) => {
    ctx.body = await pass(d.policy.post(actor(ctx), `/companies/${id(ctx)}/access${qs(ctx)}`, ctx.request.body));
  });
  gov.get('/contacts/:contactId/policies/:companyId', async (ctx) => {
    ctx.body = await pass(d.policy.get(actor(ctx), `/contacts/${id(ctx, 'contactId')}/policies/${id(ctx, 'companyId')}`));
  });
  gov.post(['/contacts/:contactId/policies/:companyId', '/contacts/:contactId/policies/:companyId/preview'], async (ctx) => {
    ctx.body = await pass(d.policy.post(actor(ctx), `/contacts/${id(ctx, 'contactId')}/policies/${id(ctx, 'companyId')}${qs(ctx)}`, ctx.request.body));
  });

  // Enable resumes access at once. Disable and revoke end the collaboration through the
  // offboarding workflow: the link status first (every portal request re-reads it, so
  // access stops on the next one), then sessions, invitations, channel links, and a report.
  gov.post(['/links/:id/status', '/links/:id/status/preview'], async (ctx) => {
    const linkId = id(ctx);
    // The preview also checks the request (status, rights, a final link) before anything starts.
    const preview = await pass(
      d.policy.post<{ status: string; userId: string; contactId: string; impact: unknown }>(
        actor(ctx),
        `/links/${linkId}/status?dryRun=true`,
        ctx.request.body,
      ),
    );
    if (ctx.path.endsWith('/preview')) {
      ctx.body = preview;
      return;
    }
    if (preview.status === 'active') {
      ctx.body = await pass(d.policy.post(actor(ctx), `/links/${linkId}/status`, ctx.request.body));
      return;
    }
    const link = await pass(d.policy.get<{ companies: { id: string }[] }>(actor(ctx), `/links/${linkId}`));
    const report = await d.offboard({
      linkId,
      status: preview.status,
      userId: preview.userId,
      contactId: preview.contactId,
      companyIds: link.companies.map((c) => c.id),
      employeeId: actor(ctx).id,
    });
    ctx.body = { applied: true, status: preview.status, userId: preview.userId, impact: preview.impact, report };
  });

  gov.post(['/links/:id/companies', '/links/:id/companies/preview'], async (ctx) => {
    ctx.body = await pass(d.policy.post(actor(ctx), `/links/${id(ctx)}/companies${qs(ctx)}`, ctx.request.body));
  });

  gov.post('/links/:id/sessions/end', async (ctx) => {
    const link = await pass(d.policy.get<{ user: { id: string } }>(actor(ctx), `/links/${id(ctx)}`));
    ctx.body = await pass(d.identity.post(actor(ctx), `/users/${link.user.id}/sessions/end`, { reason: 'ended_by_employee' }));
  });

  gov.get('/links/:id/diagnostics', async (ctx) => {
    const q = new URLSearchParams();
    for (const k of ['objectType', 'objectId'] as const) if (typeof ctx.query[k] === 'string') q.set(k, ctx.query[k] as string);
    ctx.body = await pass(d.policy.get(actor(ctx), `/links/${id(ctx)}/diagnostics?${q}`));
  });

  // "View as this client": what the client sees, section by section, without signing in as them.
  gov.get('/links/:id/view-as', async (ctx) => {
    const scope = await pass(
      d.policy.get<{ linkId: string; userId: string; contactId: string; status: string; companies: CompanyScope[] }>(actor(ctx), `/links/${id(ctx)}/scope`),
    );
    const as: Actor = { kind: 'client', id: scope.userId, name: 'view-as', linkId: scope.linkId, contactId: scope.contactId, companies: scope.companies };
    const [reqs, docs, pipes] = await Promise.all([
      pass(d.requests.get<{ requests: { id: string; companyId: string; pipelineId: string; title: string; status: string }[] }>(as, '/portal/requests')),
      pass(d.documents.get<{ documents: { id: string; title: string }[] }>(as, '/portal/documents')),
      pass(d.requests.get<{ pipelines: { id: string; name: string }[] }>(as, '/portal/pipelines')),
    ]);
    const can = (p: string) => scope.companies.some((c) => (c.permissions as string[]).includes(p));
    const chatReadable = reqs.requests.filter((r) => scope.companies.some((c) => c.companyId === r.companyId && c.permissions.includes('requestChatRead')));
    ctx.body = {
      linkId: scope.linkId,
      status: scope.status,
      companies: scope.companies,
      sections: {
        requests: {
          visible: reqs.requests.length,
          items: reqs.requests.map((r) => ({ id: r.id, title: r.title, status: r.status })),
          canCreate: can('requestCreate'),
        },
        requestChat: { readable: chatReadable.length, canSend: can('requestChatSend') },
        pipelines: pipes.pipelines,
        documents: { visible: docs.documents.length, items: docs.documents.map((x) => ({ id: x.id, title: x.title })) },
        generalChat: can('generalChat'),
        calls: can('calls'),
        telegram: can('telegram'),
        widget: can('widget'),
      },
    };
  });

  gov.get('/security-settings', async (ctx) => {
    ctx.body = await pass(d.identity.get(actor(ctx), '/security-settings'));
  });
  gov.post('/security-settings', async (ctx) => {
    ctx.body = await pass(d.identity.post(actor(ctx), '/security-settings', ctx.request.body));
  });

  gov.post('/channel-links/:id/revoke', async (ctx) => {
    const channel = await pass(d.identity.get<{ linkId: string }>(actor(ctx), `/channel-links/${id(ctx)}`));
    await pass(d.policy.post(actor(ctx), `/links/${channel.linkId}/authorize`));
    ctx.body = await pass(d.identity.post(actor(ctx), `/channel-links/${id(ctx)}/revoke`));
  });

  // One audit trail from both services' append-only logs, newest first.
  // Administrators and department leads read the whole trail; an account manager the trail of a link or company they govern.
  gov.get('/audit', async (ctx) => {
    const q = new URLSearchParams();
    for (const k of ['linkId', 'companyId', 'actorId'] as const) if (typeof ctx.query[k] === 'string') q.set(k, ctx.query[k] as string);
    const who = actor(ctx);
    if (who.kind === 'employee' && who.role === 'account_manager') {
      const linkId = q.get('linkId');
      const companyId = q.get('companyId');
      if (!linkId && !companyId) throw forbidden('choose a link or a company you govern to read its audit trail');
      if (linkId) await pass(d.policy.post(who, `/links/${isUuid(linkId) ? linkId : 'x'}/authorize`));
      if (companyId) await pass(d.policy.post(who, `/companies/${isUuid(companyId) ? companyId : 'x'}/authorize`));
    }
    const [a, b] = await Promise.all([
      pass(d.policy.get<{ entries: { at: string }[] }>(actor(ctx), `/audit?${q}`)),
      pass(d.identity.get<{ entries: { at: string }[] }>(actor(ctx), `/audit?${q}`)),
    ]);
    ctx.body = { entries: [...a.entries, ...b.entries].sort((x, y) => y.at.localeCompare(x.at)) };
  });
}
