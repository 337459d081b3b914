import Koa, { type Context, type Next } from 'koa';
import Router from '@koa/router';
import { Client, Connection, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { errorMiddleware, HttpError, forbidden, notFound, unprocessable } from '../lib/errors.js';
import { isUuid, jsonBody, refuseNul, refuseNulInBody } from '../lib/http.js';
import { ServiceClient, ServiceError } from '../internal/client.js';
import type { Actor } from '../internal/actor.js';
import { parseBody } from '../proto/validate.js';
import { ConfirmLinkRequestSchema, IssueInvitationRequestSchema } from '../proto/gen/extranet/v1/governance_pb.js';
import { activateRules, confirmLinkRules, issueInvitationRules } from '../proto/rules.js';
import { ActivateRequestSchema } from '../proto/gen/extranet/v1/portal_pb.js';
import { onboardingWorkflow } from '../workflows/onboarding/workflow.js';
import { invitationWorkflow } from '../workflows/invitation/workflow.js';
import { onboardingWorkflowId } from '../workflows/onboarding/ids.js';
import { offboardingWorkflowId } from '../workflows/offboarding/ids.js';
import { offboardingWorkflow } from '../workflows/offboarding/workflow.js';
import { invitationWorkflowId } from '../workflows/invitation/ids.js';
import { activatedSignal, revokedSignal } from '../workflows/invitation/messages.js';
import { CompanyIdsAttr, ContactEmailAttr, LinkIdAttr, statusQuery, type Status } from '../workflows/messages.js';
import { CLIENT_COOKIE, REFRESH_COOKIE, GATEWAY, cookieOptions, createClientAuth, createEmployeeAuth, type ClientScope } from './auth.js';
import { webRoutes } from './web.js';
import { accessRoutes, pass } from './access.js';
import type { GatewayConfig } from './config.js';

interface LinkDetail {
  id: string;
  status: string;
  user: { id: string; login: string; email: string; firstName: string; lastName: string };
  contact: { id: string; email: string; firstName: string; lastName: string };
  defaultCompanyId: string;
  companies: { id: string; name: string }[];
}

/** Mutations (the API and sign-out) must be JSON from our own origin: a cross-site form cannot send that (CSRF). */
function csrfGuard(config: GatewayConfig) {
  const origin = new URL(config.publicUrl).origin;
  return async (ctx: Context, next: Next) => {
    if (!['GET', 'HEAD', 'OPTIONS'].includes(ctx.method) && (ctx.path.startsWith('/api/') || ctx.path.startsWith('/auth/'))) {
      if (!ctx.is('application/json')) throw new HttpError(415, 'json_required', 'send the body as application/json', { field: 'content-type' });
      const o = ctx.get('origin');
      if (o && o !== origin) throw forbidden('cross-site request refused');
    }
    await next();
  };
}

/**
 * A per-address limit on sign-in, activation and password attempts. The
 * counters live in identity's database, so every gateway replica sees the same
 * count; the address is the one the outermost trusted proxy saw (ctx.ip with
 * TRUST_PROXY_HOPS), never a client-written X-Forwarded-For entry.
 */
function rateLimit(identity: ServiceClient, bucket: string, perMinute: number) {
  return async (ctx: Context, next: Next) => {
    await pass(identity.post(identity.system, '/rate-limits/consume', { key: `${bucket}:${ctx.ip}`, points: perMinute, duration: 60 }));
    await next();
  };
}

interface SessionTokens {
  token: string;
  expiresAt: string;
  refreshToken: string;
  refreshExpiresAt: string;
}

export interface Gateway {
  app: Koa;
  temporal: Client;
  /** The routers behind /api/governance and the signed-in part of /api/portal (tests walk every route). */
  routers: { governance: Router; portal: Router };
  close(): Promise<void>;
}

/** The gateway: authentication, the public API, the two web apps. */
export function createGateway(config: GatewayConfig, opts: { connection?: Connection; loginAttemptsPerMinute?: number } = {}): Gateway {
  const identity = new ServiceClient('identity', config.identityUrl, config.internalSecret, 'gateway');
  const policy = new ServiceClient('policy', config.policyUrl, config.internalSecret, 'gateway');
  const requests = new ServiceClient('requests', config.requestsUrl, config.internalSecret, 'gateway');
  const documents = new ServiceClient('documents', config.documentsUrl, config.internalSecret, 'gateway');
  const connection = opts.connection ?? Connection.lazy({ address: config.temporalAddress });
  const temporal = new Client({ connection, namespace: config.temporalNamespace });
  const employees = createEmployeeAuth(config, identity);
  const requireClient = createClientAuth(config, identity, policy);
  const perMinute = opts.loginAttemptsPerMinute ?? 30;
  const limited = rateLimit(identity, 'sign-in', perMinute);

  /** The step a workflow reports through its query; null when there is no such workflow. */
  async function workflowStatus(workflowId: string): Promise<(Status & { workflowId: string; state: string }) | null> {
    const handle = temporal.workflow.getHandle(workflowId);
    try {
      const [d, s] = await Promise.all([handle.describe(), handle.query(statusQuery)]);
      return { ...s, workflowId, state: d.status.name };
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return null;
      throw new HttpError(503, 'temporal_unavailable', `Temporal cannot answer: ${(err as Error).message}`);
    }
  }

  async function signal(workflowId: string, s: typeof activatedSignal | typeof revokedSignal) {
    try {
      await temporal.workflow.getHandle(workflowId).signal(s);
    } catch {
      // The identity service already recorded the change; the workflow settles from it when its timer fires.
    }
  }

  async function startInvitation(link: LinkDetail, employee: Actor) {
    if (link.status !== 'active') throw new HttpError(409, 'link_not_active', `the link is ${link.status}; invitations need an active link`);
    const invitationId = randomUUID();
    await temporal.workflow.start(invitationWorkflow, {
      workflowId: invitationWorkflowId(invitationId),
      taskQueue: config.taskQueue,
      // Ids only: the workflow reads who the invitation is for from the services.
      args: [{ invitationId, linkId: link.id, employeeId: employee.id }],
      typedSearchAttributes: [
        { key: LinkIdAttr, value: link.id },
        { key: CompanyIdsAttr, value: link.companies.map((c) => c.id) },
        { key: ContactEmailAttr, value: link.contact.email },
      ],
    });
    return { invitationId, workflowId: invitationWorkflowId(invitationId) };
  }

  const gov = new Router({ prefix: '/api/governance' });
  gov.use(employees.require);
  const actor = (ctx: Context) => ctx.state.actor as Actor;
  accessRoutes(gov, {
    identity,
    policy,
    requests,
    documents,
    async offboard(input) {
      try {
        const handle = await temporal.workflow.start(offboardingWorkflow, {
          workflowId: offboardingWorkflowId(input.linkId),
          taskQueue: config.taskQueue,
          workflowIdConflictPolicy: 'FAIL',
          args: [input],
          typedSearchAttributes: [
            { key: LinkIdAttr, value: input.linkId },
            { key: CompanyIdsAttr, value: input.companyIds },
          ],
        });
        return await handle.result();
      } catch (err) {
        if (err instanceof WorkflowExecutionAlreadyStartedError)
          throw new HttpError(409, 'offboarding_running', 'this collaboration is already being ended; follow it in Temporal Web', { field: 'status' });
        throw err;
      }
    },
  });

  gov.get('/me', (ctx) => {
    const e = ctx.state.employee;
    ctx.body = { id: e.id, name: e.name, role: e.role, email: e.email };
  });
  gov.get('/users', async (ctx) => {
    ctx.body = await pass(identity.get(actor(ctx), `/users?q=${encodeURIComponent(String(ctx.query.q ?? ''))}`));
  });
  gov.post('/users', async (ctx) => {
    ctx.status = 201;
    ctx.body = await pass(identity.post(actor(ctx), '/users', ctx.request.body));
  });
  gov.get('/companies', async (ctx) => {
    ctx.body = await pass(policy.get(actor(ctx), '/companies'));
  });
  gov.get('/contacts', async (ctx) => {
    const companyId = ctx.query.companyId;
    ctx.body = await pass(policy.get(actor(ctx), `/contacts${companyId ? `?companyId=${encodeURIComponent(String(companyId))}` : ''}`));
  });
  gov.get('/pipelines', async (ctx) => {
    ctx.body = await pass(requests.get(actor(ctx), '/pipelines'));
  });

  // Link wizard, steps 2–3: the review of the exact user–contact–companies combination.
  gov.post('/link-wizard/review', async (ctx) => {
    ctx.status = 201;
    ctx.body = await pass(policy.post(actor(ctx), '/link-reviews', ctx.request.body));
  });

  // Step 4: confirm. The review id becomes the link id and the workflow id, so a double submit finds the same onboarding.
  gov.post('/link-wizard/confirm', async (ctx) => {
    const body = parseBody(ConfirmLinkRequestSchema, ctx.request.body, confirmLinkRules);
    let review: { reviewId: string; user: { id: string }; contact: { id: string; email: string }; companyIds: string[]; defaultCompanyId: string };
    try {
      // Policy checks again, now: the confirming employee's rights, the review's age, the one-person rule.
      review = await policy.post(actor(ctx), `/link-reviews/${body.reviewId}/confirm`);
    } catch (err) {
      if (err instanceof ServiceError && err.status === 404) throw unprocessable('reviewId', 'reviewId names no review; run the review step first');
      return pass(Promise.reject(err));
    }
    const workflowId = onboardingWorkflowId(review.reviewId);
    try {
      await temporal.workflow.start(onboardingWorkflow, {
        workflowId,
        taskQueue: config.taskQueue,
        workflowIdConflictPolicy: 'USE_EXISTING',
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        args: [{ linkId: review.reviewId, employeeId: actor(ctx).id }],
        typedSearchAttributes: [
          { key: LinkIdAttr, value: review.reviewId },
          { key: CompanyIdsAttr, value: review.companyIds },
          { key: ContactEmailAttr, value: review.contact.email },
        ],
      });
    } catch (err) {
      // Confirmed before and already finished: the same onboarding, nothing new starts.
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
    ctx.status = 202;
    ctx.body = { linkId: review.reviewId, workflowId };
  });

  gov.get('/links', async (ctx) => {
    const qs = new URLSearchParams();
    for (const k of ['status', 'q', 'page', 'pageSize', 'sort', 'order'] as const) if (typeof ctx.query[k] === 'string') qs.set(k, ctx.query[k] as string);
    const [page, { employees }] = await Promise.all([
      pass(policy.get<{ links: { createdBy: string }[] }>(actor(ctx), `/links?${qs}`)),
      pass(identity.get<{ employees: { id: string; name: string }[] }>(actor(ctx), '/employees')),
    ]);
    // Who invited whom: the employee who confirmed the link.
    ctx.body = {
      ...page,
      links: page.links.map((l) => ({ ...l, invitedBy: employees.find((e) => e.id === l.createdBy) ?? { id: l.createdBy, name: l.createdBy } })),
    };
  });

  const linkOf = async (ctx: Context): Promise<LinkDetail> => {
    if (!isUuid(ctx.params.id)) throw notFound('link');
    return pass(policy.get<LinkDetail>(actor(ctx), `/links/${ctx.params.id}`));
  };

  gov.get('/links/:id', async (ctx) => {
    const link = await linkOf(ctx);
    const [{ invitations }, onboarding, { sessions }, { channelLinks }, { employees }] = await Promise.all([
      pass(identity.get<{ invitations: { id: string; status: string; issuedBy: string }[] }>(actor(ctx), `/invitations?linkId=${link.id}`)),
      // The link detail stays readable when Temporal is down; only the step is missing then.
      workflowStatus(onboardingWorkflowId(link.id)).catch((err: Error) => ({ state: 'unavailable', error: err.message })),
      pass(identity.get<{ sessions: unknown[] }>(actor(ctx), `/sessions?userId=${link.user.id}`)),
      pass(identity.get<{ channelLinks: unknown[] }>(actor(ctx), `/channel-links?linkId=${link.id}`)),
      pass(identity.get<{ employees: { id: string; name: string }[] }>(actor(ctx), '/employees')),
    ]);
    const name = (id: string) => employees.find((e) => e.id === id)?.name ?? id;
    ctx.body = { ...link, invitations: invitations.map((i) => ({ ...i, issuedByName: name(i.issuedBy) })), onboarding, sessions, channelLinks };
  });

  gov.get('/links/:id/invitations', async (ctx) => {
    const link = await linkOf(ctx);
    ctx.body = await pass(identity.get(actor(ctx), `/invitations?linkId=${link.id}`));
  });

  // A new invitation for the link: its workflow revokes the pending one and sends a new email.
  gov.post('/links/:id/invitations', async (ctx) => {
    const body = parseBody(IssueInvitationRequestSchema, ctx.request.body ?? {}, issueInvitationRules);
    const link = await linkOf(ctx);
    await pass(policy.post(actor(ctx), `/links/${link.id}/authorize`));
    if (body.contactId && body.contactId !== link.contact.id) throw unprocessable('contactId', 'contactId is not the contact of this link');
    ctx.status = 202;
    ctx.body = await startInvitation(link, actor(ctx));
  });

  gov.post('/invitations/:id/revoke', async (ctx) => {
    if (!isUuid(ctx.params.id)) throw notFound('invitation');
    const existing = await pass(identity.get<{ linkId: string }>(actor(ctx), `/invitations/${ctx.params.id}`));
    await pass(policy.post(actor(ctx), `/links/${existing.linkId}/authorize`));
    const inv = await pass(identity.post<{ id: string; status: string }>(actor(ctx), `/invitations/${ctx.params.id}/revoke`));
    await signal(invitationWorkflowId(inv.id), revokedSignal);
    ctx.body = inv;
  });

  gov.get('/invitations/:id', async (ctx) => {
    if (!isUuid(ctx.params.id)) throw notFound('invitation');
    const inv = await pass(identity.get<{ id: string; linkId: string }>(actor(ctx), `/invitations/${ctx.params.id}`));
    await pass(policy.post(actor(ctx), `/links/${inv.linkId}/authorize`));
    ctx.body = { ...inv, workflow: await workflowStatus(invitationWorkflowId(inv.id)) };
  });

  gov.get('/workflows/:workflowId', async (ctx) => {
    const id = ctx.params.workflowId!;
    if (!/^(onboarding|invitation|offboarding)-[0-9a-f-]{36}$/.test(id)) throw notFound('workflow');
    const s = await workflowStatus(id);
    if (!s) throw notFound('workflow');
    // The operator view follows the same rights as the link it is about.
    if (isUuid(s.linkId)) await pass(policy.post(actor(ctx), `/links/${s.linkId}/authorize`));
    else if (actor(ctx).kind === 'employee' && (actor(ctx) as { role: string }).role !== 'administrator')
      throw forbidden('only administrators see this workflow');
    ctx.body = s;
  });

  // The development mail catcher: administrators read the emails the system sent (they hold activation links).
  const adminOnly = async (ctx: Context, next: Next) => {
    const a = actor(ctx);
    if (a.kind !== 'employee' || a.role !== 'administrator') throw forbidden('the mail view is for administrators');
    await next();
  };
  gov.get('/mail', adminOnly, async (ctx) => {
    if (!config.mailCatcherUrl) throw notFound('mail catcher');
    ctx.body = await (await fetch(`${config.mailCatcherUrl}/messages`)).json();
  });
  gov.get('/mail/:id', adminOnly, async (ctx) => {
    if (!config.mailCatcherUrl) throw notFound('mail catcher');
    if (!isUuid(ctx.params.id)) throw notFound('message');
    const res = await fetch(`${config.mailCatcherUrl}/messages/${ctx.params.id}`);
    if (res.status === 404) throw notFound('message');
    ctx.body = await res.json();
  });

  const portal = new Router({ prefix: '/api/portal' });

  /** The access cookie for every portal call, the refresh cookie only for /api/portal/refresh. */
  const setSessionCookies = (ctx: Context, s: SessionTokens) => {
    ctx.cookies.set(CLIENT_COOKIE, s.token, cookieOptions(config, new Date(s.expiresAt).getTime() - Date.now()));
    ctx.cookies.set(REFRESH_COOKIE, s.refreshToken, {
      ...cookieOptions(config, new Date(s.refreshExpiresAt).getTime() - Date.now()),
      path: '/api/portal/refresh',
    });
  };

  /** The invitation of an activation token, refused unless its link is active (a disabled link's invitation opens nothing). */
  async function activeInvitation(body: unknown) {
    const token = (body as Record<string, unknown> | undefined)?.token;
    const inv = await pass(
      identity.post<{ id: string; linkId: string; existingAccount: boolean; expiresAt: string }>(GATEWAY, '/invitations/by-token', { token }),
    );
    const link = await pass(policy.get<{ status: string }>(GATEWAY, `/links/${inv.linkId}`));
    if (link.status !== 'active') throw new HttpError(410, 'link_not_active', 'this access is not active any more; ask your manager', { field: 'token' });
    return inv;
  }

  // Before asking for a password: a new account sets one, an existing account accepts with its own.
  portal.post('/activation-info', limited, async (ctx) => {
    const inv = await activeInvitation(ctx.request.body);
    ctx.body = { existingAccount: inv.existingAccount, expiresAt: inv.expiresAt };
  });

  portal.post('/activate', limited, async (ctx) => {
    parseBody(ActivateRequestSchema, ctx.request.body, activateRules);
    await activeInvitation(ctx.request.body);
    const res = await pass(identity.post<SessionTokens & { userId: string; invitationId: string }>(GATEWAY, '/activations', ctx.request.body));
    setSessionCookies(ctx, res);
    await signal(invitationWorkflowId(res.invitationId), activatedSignal);
    ctx.status = 201;
    ctx.body = { signedIn: true, userId: res.userId };
  });

  portal.post('/login', limited, async (ctx) => {
    const res = await pass(identity.post<SessionTokens & { userId: string }>(GATEWAY, '/sessions', ctx.request.body));
    setSessionCookies(ctx, res);
    ctx.status = 201;
    ctx.body = { signedIn: true, userId: res.userId };
  });

  // Rotates both tokens; a reused refresh token ends the session (identity decides).
  portal.post('/refresh', limited, async (ctx) => {
    const refreshToken = ctx.cookies.get(REFRESH_COOKIE);
    if (!refreshToken) throw new HttpError(401, 'unauthenticated', 'sign in to the portal');
    try {
      setSessionCookies(ctx, await pass(identity.post<SessionTokens>(GATEWAY, '/sessions/refresh', { refreshToken })));
    } catch (err) {
      ctx.cookies.set(CLIENT_COOKIE, null, cookieOptions(config));
      ctx.cookies.set(REFRESH_COOKIE, null, { ...cookieOptions(config), path: '/api/portal/refresh' });
      throw err;
    }
    ctx.status = 201;
    ctx.body = { refreshed: true };
  });

  portal.post('/logout', async (ctx) => {
    const token = ctx.cookies.get(CLIENT_COOKIE);
    if (token) {
      try {
        await identity.call(GATEWAY, 'POST', '/sessions/current/end', {}, { 'x-session-token': token });
      } catch {
        // Already ended: signing out is done either way.
      }
    }
    ctx.cookies.set(CLIENT_COOKIE, null, cookieOptions(config));
    ctx.cookies.set(REFRESH_COOKIE, null, { ...cookieOptions(config), path: '/api/portal/refresh' });
    ctx.body = { signedOut: true };
  });

  const me = new Router({ prefix: '/api/portal' });
  me.use(requireClient);
  me.get('/me', (ctx) => {
    const scope = ctx.state.scope as ClientScope;
    const user = ctx.state.session.user;
    const def = scope.companies.find((c) => c.companyId === scope.defaultCompanyId) ?? scope.companies[0];
    ctx.body = {
      user: { id: user.id, login: user.login, firstName: user.firstName, lastName: user.lastName, email: user.email },
      contact: scope.contact,
      defaultCompany: def ? { id: def.companyId, name: def.name } : null,
      companies: scope.companies.map((c) => ({ id: c.companyId, name: c.name, permissions: c.permissions, pipelineIds: c.pipelineIds })),
    };
  });
  const forward = (client: ServiceClient, method: 'GET' | 'POST', path: (ctx: Context) => string) => async (ctx: Context) => {
    const res = await pass(client.call(actor(ctx), method, path(ctx), method === 'POST' ? ctx.request.body : undefined));
    ctx.status = method === 'POST' ? 201 : 200;
    ctx.body = res;
  };
  const id = (ctx: Context) => encodeURIComponent(ctx.params.id!);
  me.post('/password', rateLimit(identity, 'password', perMinute), async (ctx) => {
    ctx.body = await pass(identity.call(GATEWAY, 'POST', '/password', ctx.request.body, { 'x-session-token': ctx.cookies.get(CLIENT_COOKIE)! }));
  });
  // Telegram or widget connection, where the effective policy allows it.
  me.post('/channel-links', async (ctx) => {
    const kind = (ctx.request.body as Record<string, unknown>)?.kind;
    const scope = ctx.state.scope as ClientScope;
    if ((kind === 'telegram' || kind === 'widget') && !scope.companies.some((c) => c.permissions.includes(kind)))
      throw forbidden(`your access does not include the ${kind} connection`);
    ctx.status = 201;
    ctx.body = await pass(
      identity.call(GATEWAY, 'POST', '/channel-links', ctx.request.body, { 'x-session-token': ctx.cookies.get(CLIENT_COOKIE)!, 'x-link-id': scope.linkId }),
    );
  });
  me.get(
    '/pipelines',
    forward(requests, 'GET', () => '/portal/pipelines'),
  );
  me.get(
    '/requests',
    forward(requests, 'GET', () => '/portal/requests'),
  );
  me.post(
    '/requests',
    forward(requests, 'POST', () => '/portal/requests'),
  );
  me.get(
    '/requests/:id',
    forward(requests, 'GET', (ctx) => `/portal/requests/${id(ctx)}`),
  );
  me.get(
    '/requests/:id/messages',
    forward(requests, 'GET', (ctx) => `/portal/requests/${id(ctx)}/messages`),
  );
  me.post(
    '/requests/:id/messages',
    forward(requests, 'POST', (ctx) => `/portal/requests/${id(ctx)}/messages`),
  );
  me.get(
    '/documents',
    forward(documents, 'GET', () => '/portal/documents'),
  );
  me.get(
    '/documents/:id',
    forward(documents, 'GET', (ctx) => `/portal/documents/${id(ctx)}`),
  );

  const auth = new Router();
  auth.get('/auth/login', (ctx) => employees.login(ctx));
  auth.get('/auth/callback', (ctx) => employees.callback(ctx));
  auth.post('/auth/logout', async (ctx) => employees.logout(ctx));
  auth.get('/healthz', (ctx) => void (ctx.body = { ok: true }));

  const app = new Koa({ proxy: config.trustProxyHops > 0, maxIpsCount: config.trustProxyHops });
  app.use(errorMiddleware);
  app.use(refuseNul);
  app.use(async (ctx, next) => {
    await next();
    ctx.set('x-content-type-options', 'nosniff');
    ctx.set('referrer-policy', 'no-referrer');
    ctx.set('x-frame-options', 'DENY');
  });
  app.use(csrfGuard(config));
  app.use(jsonBody());
  app.use(refuseNulInBody);
  for (const r of [auth, gov, portal, me, webRoutes(config)]) app.use(r.routes()).use(r.allowedMethods());
  app.use((ctx) => {
    if (ctx.path.startsWith('/api/')) throw notFound('endpoint');
  });

  return {
    app,
    temporal,
    routers: { governance: gov, portal: me },
    async close() {
      if (!opts.connection) await connection.close();
    },
  };
}
