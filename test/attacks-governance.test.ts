import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Router from '@koa/router';
import { randomUUID } from 'node:crypto';
import { Agent, signInEmployee } from './agent.js';
import { startSystem, type TestSystem } from './harness.js';
import { WorkflowNotFoundError } from '@temporalio/client';
import { STRONG_PASSWORD, employeeAgent, endCollaboration, newContact, nextToken, onboardEmily, tokenFrom, tokensSeen, upload } from './flows.js';
import { rowCounts } from './db-snapshot.js';
import { DEMO } from '../domain/demo.js';
import { invitationWorkflow } from '../workflows/invitation/workflow.js';
import { onboardingWorkflow } from '../workflows/onboarding/workflow.js';

const NL = DEMO.northernLight.id;
const BH = DEMO.blueHarbor.id;

function routesOf(router: Router): [string, string][] {
  return router.stack.flatMap((layer) => layer.methods.filter((m) => m !== 'HEAD').map((m) => [m, layer.path] as [string, string]));
}

/** The objects of one company that governance routes name in their paths. */
interface Targets {
  companyId: string;
  linkId: string;
  contactId: string;
  invitationId: string;
  channelLinkId: string;
  requestId: string;
  attachmentId: string;
  documentId: string;
  documentFileId: string;
}

/** A route template filled with one company's objects; every parameterised route must be known here. */
function fill(template: string, t: Targets, employeeId: string): string {
  const rules: [RegExp, (p: string) => string][] = [
    [/^\/api\/governance\/links\/:id/, (p) => p.replace(':id', t.linkId)],
    [/^\/api\/governance\/invitations\/:id/, (p) => p.replace(':id', t.invitationId)],
    [/^\/api\/governance\/channel-links\/:id/, (p) => p.replace(':id', t.channelLinkId)],
    [/^\/api\/governance\/companies\/:id/, (p) => p.replace(':id', t.companyId)],
    [/^\/api\/governance\/contacts\/:contactId\/policies\/:companyId/, (p) => p.replace(':contactId', t.contactId).replace(':companyId', t.companyId)],
    [/^\/api\/governance\/workflows\/:workflowId$/, (p) => p.replace(':workflowId', `onboarding-${t.linkId}`)],
    [/^\/api\/governance\/employees\/:id$/, (p) => p.replace(':id', employeeId)],
    [/^\/api\/governance\/mail\/:id$/, (p) => p.replace(':id', randomUUID())],
    [/^\/api\/governance\/requests\/:id/, (p) => p.replace(':id', t.requestId)],
    [/^\/api\/governance\/attachments\/:id/, (p) => p.replace(':id', t.attachmentId)],
    // A signature request of another document: the rights over the document's company are checked first.
    [/^\/api\/governance\/documents\/:id/, (p) => p.replace(':id', t.documentId).replace(':fileId', t.documentFileId).replace(':requestId', randomUUID())],
    [/^\/api\/governance\/pipelines\/:id/, (p) => p.replace(':id', DEMO.pipelines.support.id)],
  ];
  if (!template.includes(':')) return template;
  const rule = rules.find(([re]) => re.test(template));
  if (!rule) throw new Error(`${template}: a new parameterised governance route; add it to the rights matrix`);
  return rule[1](template);
}

/** Routes only administrators may use, whatever the company. */
const ADMIN_ONLY = [
  /^POST \/api\/governance\/companies\/:id\/access/,
  /^POST \/api\/governance\/employees\/:id$/,
  /^GET \/api\/governance\/mail/,
  /^POST \/api\/governance\/security-settings$/,
  // Pipelines are the whole team's: administrators and department leads change them.
  /^POST \/api\/governance\/pipelines\/:id$/,
];

/** Routes that name no company's object: every employee may read them. */
const NO_COMPANY = [/^GET \/api\/governance\/pipelines\/:id$/];

describe('per-company rights on every governance route, and the takeover path', () => {
  let sys: TestSystem;
  let admin: Agent;
  let adam: Agent;
  let emily: Awaited<ReturnType<typeof onboardEmily>>;
  const nl = {} as Targets;
  const bh = {} as Targets;

  /** Adam (account manager of Blue Harbor) onboards a new Blue Harbor contact; returns the link id. */
  async function onboardAtBlueHarbor(by: Agent, contactId: string) {
    const login = `bh.${Math.random().toString(36).slice(2, 8)}`;
    const user = await by.post('/api/governance/users', { login, email: `${login}@blue-harbor.test`, firstName: 'Brook', lastName: 'Hale' });
    expect(user.status).toBe(201);
    const review = await by.post('/api/governance/link-wizard/review', { userId: user.body.id, contactId, companyIds: [BH], defaultCompanyId: BH });
    expect(review.status).toBe(201);
    const seen = tokensSeen(sys);
    expect((await by.post('/api/governance/link-wizard/confirm', { reviewId: review.body.reviewId })).status).toBe(202);
    await nextToken(sys, `${login}@blue-harbor.test`, seen);
    return review.body.reviewId as string;
  }

  const channelLink = async (linkId: string, userId: string) => {
    const id = randomUUID();
    await sys
      .db('identity.channel_links')
      .insert({ id, link_id: linkId, user_id: userId, kind: 'telegram', external_ref: `@${id.slice(0, 6)}`, status: 'active' });
    return id;
  };

  beforeAll(async () => {
    sys = await startSystem();
    admin = await employeeAgent(sys);
    adam = new Agent(sys.gatewayUrl);
    expect((await signInEmployee(adam, DEMO.manager.login, DEMO.manager.password)).status).toBe(200);
    emily = await onboardEmily(sys, admin);
    Object.assign(nl, {
      companyId: NL,
      linkId: emily.linkId,
      contactId: DEMO.emily.id,
      invitationId: (await sys.db('identity.invitations').where({ link_id: emily.linkId }).first()).id,
      channelLinkId: await channelLink(emily.linkId, emily.userId),
      requestId: (await sys.db('requests.requests').where({ company_id: NL }).first()).id,
    });
    nl.attachmentId = await attachedFile(nl.requestId);
    Object.assign(nl, await documentOf(NL));
    const bhContact = await newContact(sys, BH, 'Brook', 'Hale');
    const bhLink = await onboardAtBlueHarbor(adam, bhContact);
    const bhUser = (await sys.db('policy.links').where({ id: bhLink }).first()).user_id;
    Object.assign(bh, {
      companyId: BH,
      linkId: bhLink,
      contactId: bhContact,
      invitationId: (await sys.db('identity.invitations').where({ link_id: bhLink }).first()).id,
      channelLinkId: await channelLink(bhLink, bhUser),
      requestId: (await sys.db('requests.requests').where({ company_id: BH }).first()).id,
    });
    bh.attachmentId = await attachedFile(bh.requestId);
    Object.assign(bh, await documentOf(BH));
  });
  /** A file the team attached to a message on the company's request. */
  async function attachedFile(requestId: string) {
    const file = await upload(admin, 'governance', 'terms.pdf', 'application/pdf', new TextEncoder().encode('%PDF terms'));
    expect(file.status).toBe(201);
    expect((await admin.post(`/api/governance/requests/${requestId}/messages`, { text: 'The terms', attachmentIds: [file.body.id] })).status).toBe(201);
    return file.body.id as string;
  }

  /** A seeded document of the company and the file of its first version. */
  async function documentOf(companyId: string) {
    const d = await sys.db('documents.documents').where({ company_id: companyId }).orderBy('title').first();
    const f = await sys.db('documents.document_files').where({ document_id: d.id }).first();
    return { documentId: d.id as string, documentFileId: f.id as string };
  }

  afterAll(async () => sys?.stop());

  it('an account manager of Blue Harbor is refused every route on Northern Light objects, and nothing is written', async () => {
    const routes = routesOf(sys.gateway.routers.governance).filter(([m, p]) => p.includes(':') && !NO_COMPANY.some((re) => re.test(`${m} ${p}`)));
    expect(routes.length).toBeGreaterThan(20);
    const before = await rowCounts(sys);
    for (const [method, template] of routes) {
      const res = await adam.json(method, fill(template, nl, DEMO.manager.id), method === 'GET' ? undefined : {});
      expect(res.status, `${method} ${template} on Northern Light as Adam: ${JSON.stringify(res.body)}`).toBe(403);
    }
    expect(await rowCounts(sys)).toEqual(before);
  });

  it('the same account manager passes the rights check on Blue Harbor objects, except where only administrators may act', async () => {
    for (const [method, template] of routesOf(sys.gateway.routers.governance).filter(([, p]) => p.includes(':'))) {
      const res = await adam.json(method, fill(template, bh, DEMO.employee.id), method === 'GET' ? undefined : {});
      const adminOnly = ADMIN_ONLY.some((re) => re.test(`${method} ${template}`));
      if (adminOnly) expect(res.status, `${method} ${template} as Adam`).toBe(403);
      else {
        expect(res.status, `${method} ${template} on Blue Harbor as Adam: ${JSON.stringify(res.body)}`).not.toBe(403);
        // Let through, and answered: a refusal of the input, not a failure.
        expect(res.status, `${method} ${template} on Blue Harbor as Adam: ${JSON.stringify(res.body)}`).toBeLessThan(500);
      }
    }
  });

  it('an administrator passes the rights check on both companies', async () => {
    for (const t of [nl, bh]) {
      for (const [method, template] of routesOf(sys.gateway.routers.governance)) {
        const res = await admin.json(method, fill(template, t, DEMO.manager.id), method === 'GET' ? undefined : {});
        expect(res.status, `${method} ${template} as the administrator: ${JSON.stringify(res.body)}`).not.toBe(403);
        expect(res.status, `${method} ${template} as the administrator: ${JSON.stringify(res.body)}`).toBeLessThan(500);
      }
    }
  });

  it('routes without an object: lists are filtered, the audit trail and the mail view need rights', async () => {
    const links = (await adam.get('/api/governance/links')).body.links as { id: string; companies: { id: string }[] }[];
    expect(links.map((l) => l.id)).toContain(bh.linkId);
    expect(links.every((l) => l.companies.every((c) => c.id === BH))).toBe(true);
    expect((await adam.get('/api/governance/audit')).status).toBe(403);
    expect((await adam.get(`/api/governance/audit?linkId=${nl.linkId}`)).status).toBe(403);
    expect((await adam.get(`/api/governance/audit?companyId=${NL}`)).status).toBe(403);
    expect((await adam.get(`/api/governance/audit?linkId=${bh.linkId}`)).status).toBe(200);
    expect((await adam.get('/api/governance/mail')).status).toBe(403);
    expect((await admin.get('/api/governance/mail')).status).toBe(200);
    const review = await adam.post('/api/governance/link-wizard/review', {
      userId: emily.userId,
      contactId: await newContact(sys),
      companyIds: [NL],
      defaultCompanyId: NL,
    });
    expect(review.status).toBe(403);
  });

  it('a role change counts on the next request, and a disabled employee is signed out at once', async () => {
    expect((await adam.get(`/api/governance/links/${nl.linkId}`)).status).toBe(403);
    expect((await adam.post(`/api/governance/employees/${DEMO.manager.id}`, { role: 'department_lead' })).status).toBe(403);
    try {
      expect((await admin.post(`/api/governance/employees/${DEMO.manager.id}`, { role: 'department_lead' })).status).toBe(200);
      expect((await adam.get(`/api/governance/links/${nl.linkId}`)).status).toBe(200);
      expect((await adam.get('/api/governance/me')).body.role).toBe('department_lead');
    } finally {
      await admin.post(`/api/governance/employees/${DEMO.manager.id}`, { role: 'account_manager' });
    }
    expect((await adam.get(`/api/governance/links/${nl.linkId}`)).status).toBe(403);
    const second = new Agent(sys.gatewayUrl);
    expect((await signInEmployee(second, DEMO.manager.login, DEMO.manager.password)).status).toBe(200);
    try {
      expect((await admin.post(`/api/governance/employees/${DEMO.manager.id}`, { disabled: true })).status).toBe(200);
      expect((await second.get('/api/governance/me')).status).toBe(401);
      const again = new Agent(sys.gatewayUrl);
      expect((await signInEmployee(again, DEMO.manager.login, DEMO.manager.password)).status).toBe(403);
    } finally {
      await admin.post(`/api/governance/employees/${DEMO.manager.id}`, { disabled: false });
    }
    adam = new Agent(sys.gatewayUrl);
    expect((await signInEmployee(adam, DEMO.manager.login, DEMO.manager.password)).status).toBe(200);
  });

  it('a confirm checks the rights again at confirm time, and refuses a review older than its lifetime', async () => {
    const contactId = await newContact(sys, BH, 'Robin', 'Shore');
    const login = `bh.${Math.random().toString(36).slice(2, 8)}`;
    const user = await adam.post('/api/governance/users', { login, email: `${login}@blue-harbor.test`, firstName: 'Robin', lastName: 'Shore' });
    const review = await adam.post('/api/governance/link-wizard/review', { userId: user.body.id, contactId, companyIds: [BH], defaultCompanyId: BH });
    expect(review.status).toBe(201);
    await admin.post(`/api/governance/companies/${BH}/access`, { extranetEnabled: true, grantAccess: 'administrators' });
    try {
      const refused = await adam.post('/api/governance/link-wizard/confirm', { reviewId: review.body.reviewId });
      expect(refused.status).toBe(403);
      await expect(sys.gateway.temporal.workflow.getHandle(`onboarding-${review.body.reviewId}`).describe()).rejects.toThrow(WorkflowNotFoundError);
    } finally {
      await admin.post(`/api/governance/companies/${BH}/access`, { extranetEnabled: true, grantAccess: 'account_managers' });
    }
    await sys
      .db('policy.link_reviews')
      .where({ id: review.body.reviewId })
      .update({ created_at: sys.db.raw(`now() - interval '2 hours'`) });
    const old = await adam.post('/api/governance/link-wizard/confirm', { reviewId: review.body.reviewId });
    expect(old.status).toBe(410);
    expect(old.body.error).toMatchObject({ code: 'review_expired', details: { field: 'reviewId' } });
    expect(await sys.db('policy.links').where({ id: review.body.reviewId }).first()).toBeUndefined();
  });

  it('takeover through the wizard: another company’s client account cannot be linked, and an invitation never resets a password', async () => {
    const mailbox = await newContact(sys, BH, 'Mallory', 'Box');
    // Emily's account is live at Northern Light: one portal user belongs to one person.
    const live = await adam.post('/api/governance/link-wizard/review', { userId: emily.userId, contactId: mailbox, companyIds: [BH], defaultCompanyId: BH });
    expect(live.status).toBe(409);
    expect(live.body.error).toMatchObject({ code: 'user_linked', details: { field: 'userId' } });
    // The contact already held by someone says by whom.
    const held = await admin.post('/api/governance/link-wizard/review', {
      userId: (
        await admin.post('/api/governance/users', { login: `x${Date.now()}`, email: `x${Date.now()}@northern-light.test`, firstName: 'X', lastName: 'Y' })
      ).body.id,
      contactId: DEMO.emily.id,
      companyIds: [NL],
      defaultCompanyId: NL,
    });
    expect(held.status).toBe(409);
    expect(held.body.error).toMatchObject({ code: 'contact_linked', details: { field: 'contactId', login: emily.login } });
    const contacts = (await admin.get(`/api/governance/contacts?companyId=${NL}`)).body.contacts as { id: string; heldBy: { login: string } | null }[];
    expect(contacts.find((c) => c.id === DEMO.emily.id)?.heldBy?.login).toBe(emily.login);

    // After the Northern Light link ends, Adam still may not govern that account.
    await endCollaboration(sys, admin, emily.linkId, 'revoked');
    const foreign = await adam.post('/api/governance/link-wizard/review', { userId: emily.userId, contactId: mailbox, companyIds: [BH], defaultCompanyId: BH });
    expect(foreign.status).toBe(403);

    // An administrator may link the account again: the invitation goes to the account's own address,
    // and accepting it needs the account's own password; a new password is refused and nothing changes.
    const passwordBefore = (await sys.db('identity.users').where({ id: emily.userId }).first()).password_hash;
    const again = await admin.post('/api/governance/link-wizard/review', {
      userId: emily.userId,
      contactId: await newContact(sys),
      companyIds: [NL],
      defaultCompanyId: NL,
    });
    expect(again.status).toBe(201);
    const seen = tokensSeen(sys);
    expect((await admin.post('/api/governance/link-wizard/confirm', { reviewId: again.body.reviewId })).status).toBe(202);
    const mail = await sys.mail.waitFor((m) => m.to.includes(emily.email) && !seen.includes(tokenFrom(m.text) ?? ''), 20_000);
    expect(mail.to).toEqual([emily.email]);
    expect(mail.text).toContain('You already have a portal password');
    const token = tokenFrom(mail.text)!;
    const info = await new Agent(sys.gatewayUrl).post('/api/portal/activation-info', { token });
    expect(info.body).toMatchObject({ existingAccount: true });
    const takeover = await new Agent(sys.gatewayUrl).post('/api/portal/activate', { token, password: 'Mallory-Owns-It-2026!' });
    expect(takeover.status).toBe(401);
    expect((await sys.db('identity.users').where({ id: emily.userId }).first()).password_hash).toBe(passwordBefore);
    expect((await sys.db('identity.invitations').where({ link_id: again.body.reviewId }).first()).status).toBe('pending');
    const owner = new Agent(sys.gatewayUrl);
    expect((await owner.post('/api/portal/activate', { token, password: STRONG_PASSWORD })).status).toBe(201);
    expect((await owner.get('/api/portal/me')).body.user.id).toBe(emily.userId);
    emily = { ...emily, client: owner, linkId: again.body.reviewId };
  });

  it('whoever reaches Temporal cannot choose where an activation token goes, nor create a link without a confirmed review', async () => {
    const invitationId = randomUUID();
    const seen = tokensSeen(sys);
    const attackerInput = { invitationId, linkId: emily.linkId, employeeId: DEMO.employee.id, email: 'attacker@evil.test', userId: emily.userId };
    await sys.gateway.temporal.workflow.start(invitationWorkflow, {
      workflowId: `invitation-${invitationId}`,
      taskQueue: sys.taskQueue,
      args: [attackerInput as never],
    });
    const mail = await sys.mail.waitFor((m) => !seen.includes(tokenFrom(m.text) ?? ''), 20_000);
    expect(mail.to).toEqual([emily.email]);
    expect(sys.mail.messages().some((m) => m.to.includes('attacker@evil.test'))).toBe(false);

    // An onboarding started by hand for a review nobody confirmed creates nothing.
    const login = `u${Date.now()}`;
    const user = await admin.post('/api/governance/users', { login, email: `${login}@northern-light.test`, firstName: 'U', lastName: 'V' });
    const review = await admin.post('/api/governance/link-wizard/review', {
      userId: user.body.id,
      contactId: await newContact(sys),
      companyIds: [NL],
      defaultCompanyId: NL,
    });
    const handle = await sys.gateway.temporal.workflow.start(onboardingWorkflow, {
      workflowId: `onboarding-${review.body.reviewId}`,
      taskQueue: sys.taskQueue,
      args: [{ linkId: review.body.reviewId, employeeId: DEMO.employee.id }],
    });
    await expect(handle.result()).rejects.toThrow(/Workflow execution failed/);
    expect(await sys.db('policy.links').where({ id: review.body.reviewId }).first()).toBeUndefined();
  });

  it('twelve concurrent wrong guesses evaluate at most the limit; a locked account evaluates no password, not even the right one', async () => {
    const settings = (await admin.get('/api/governance/security-settings')).body;
    expect((await admin.post('/api/governance/security-settings', { ...settings, maxFailedAttempts: 5, lockoutSeconds: 600 })).status).toBe(200);
    try {
      const burst = await Promise.all(
        Array.from({ length: 12 }, () => new Agent(sys.gatewayUrl).post('/api/portal/login', { login: emily.login, password: 'Wrong-password-1!' })),
      );
      expect(burst.every((r) => r.status === 401)).toBe(true);
      const row = await sys.db('identity.users').where({ id: emily.userId }).first();
      expect(row.failed_attempts).toBe(5);
      expect(new Date(row.locked_until).getTime()).toBeGreaterThan(Date.now());
      // The right password in a burst while locked: refused, and the lock stays as it was.
      const mixed = await Promise.all([
        ...Array.from({ length: 5 }, () => new Agent(sys.gatewayUrl).post('/api/portal/login', { login: emily.login, password: 'Wrong-password-1!' })),
        new Agent(sys.gatewayUrl).post('/api/portal/login', { login: emily.login, password: STRONG_PASSWORD }),
      ]);
      expect(mixed.map((r) => r.status)).toEqual([401, 401, 401, 401, 401, 401]);
      const after = await sys.db('identity.users').where({ id: emily.userId }).first();
      expect(after.failed_attempts).toBe(5);
      expect(after.locked_until).toEqual(row.locked_until);
      // The current password in a password change is counted and refused like a sign-in.
      expect((await emily.client.post('/api/portal/password', { currentPassword: STRONG_PASSWORD, newPassword: 'Another-Strong-2026!' })).status).toBe(400);
      const actions = (await admin.get(`/api/governance/audit?actorId=identity`)).body.entries
        .filter((e: { entityId: string }) => e.entityId === emily.userId)
        .map((e: { action: string }) => e.action);
      expect(actions.filter((a: string) => a === 'sign_in.locked')).toHaveLength(1);
      expect(actions.filter((a: string) => a === 'sign_in.failed')).toHaveLength(1);
    } finally {
      await admin.post('/api/governance/security-settings', settings);
      await sys.db('identity.users').where({ id: emily.userId }).update({ failed_attempts: 0, locked_until: null });
    }
  });

  it('activating ends the user’s other sessions; disabling ends invitations and channel links; a disabled link’s invitation opens nothing', async () => {
    const { client, linkId, login, email } = await onboardEmily(sys, admin, await newContact(sys));
    const other = new Agent(sys.gatewayUrl);
    expect((await other.post('/api/portal/login', { login, password: STRONG_PASSWORD })).status).toBe(201);
    const seen = tokensSeen(sys);
    expect((await admin.post(`/api/governance/links/${linkId}/invitations`, {})).status).toBe(202);
    const token = await nextToken(sys, email, seen);
    const fresh = new Agent(sys.gatewayUrl);
    expect((await fresh.post('/api/portal/activate', { token, password: STRONG_PASSWORD })).status).toBe(201);
    expect((await other.get('/api/portal/me')).status).toBe(401);
    expect((await client.get('/api/portal/me')).status).toBe(401);
    expect((await fresh.get('/api/portal/me')).status).toBe(200);

    // A pending invitation and a channel link end with a disable, as with a revoke.
    const seen2 = tokensSeen(sys);
    const issued = await admin.post(`/api/governance/links/${linkId}/invitations`, {});
    const pendingToken = await nextToken(sys, email, seen2);
    const userId = (await sys.db('policy.links').where({ id: linkId }).first()).user_id;
    const channel = await channelLink(linkId, userId);
    const { report } = await endCollaboration(sys, admin, linkId, 'disabled');
    expect(report).toMatchObject({ linkStatus: 'disabled', invitationsRevoked: [issued.body.invitationId], channelLinksRevoked: [channel] });
    expect((await new Agent(sys.gatewayUrl).post('/api/portal/activate', { token: pendingToken, password: STRONG_PASSWORD })).status).toBe(410);

    // Even a pending invitation that escaped (recorded before the link stopped) cannot open a disabled link.
    expect((await admin.post(`/api/governance/links/${linkId}/status`, { status: 'active' })).status).toBe(200);
    const seen3 = tokensSeen(sys);
    expect((await admin.post(`/api/governance/links/${linkId}/invitations`, {})).status).toBe(202);
    const raceToken = await nextToken(sys, email, seen3);
    await sys.db('policy.links').where({ id: linkId }).update({ status: 'disabled' });
    const refused = await new Agent(sys.gatewayUrl).post('/api/portal/activate', { token: raceToken, password: STRONG_PASSWORD });
    expect(refused.status).toBe(410);
    expect(refused.body.error.code).toBe('link_not_active');
    await sys.db('policy.links').where({ id: linkId }).update({ status: 'active' });
  });
});
