import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Agent, eventually, signInEmployee } from './agent.js';
import { startSystem, type TestSystem } from './harness.js';
import { STRONG_PASSWORD, employeeAgent, endCollaboration, invitationsOf, newContact, onboardEmily, reviewNewEmily } from './flows.js';
import { DEMO } from '../domain/demo.js';

const NL = DEMO.northernLight.id;
const BH = DEMO.blueHarbor.id;
const P = DEMO.pipelines;
const ALL = ['requestCreate', 'requestChatRead', 'requestChatSend', 'generalChat', 'calls', 'telegram', 'widget', 'documents'];
const REQ_SUPPORT = '00000000-0000-4000-8000-000000000201';
const REQ_DESIGN = '00000000-0000-4000-8000-000000000202';
const DOC_COMPANY = '00000000-0000-4000-8000-000000000301';
const DOC_DRAFT = '00000000-0000-4000-8000-000000000303';

describe('access governance', () => {
  let sys: TestSystem;
  let employee: Agent;
  let emily: { client: Agent; linkId: string; userId: string; login: string };

  beforeAll(async () => {
    sys = await startSystem();
    employee = await employeeAgent(sys);
    emily = await onboardEmily(sys, employee);
  });
  afterAll(async () => sys?.stop());

  const auditActions = async (linkId?: string) =>
    ((await employee.get(`/api/governance/audit${linkId ? `?linkId=${linkId}` : ''}`)).body.entries as { action: string }[]).map((e) => e.action);

  describe('policies and the impact preview', () => {
    it('refuses chat sending without chat reading, naming the field, and writes nothing', async () => {
      const res = await employee.post(`/api/governance/contacts/${DEMO.emily.id}/policies/${NL}`, { permissions: ['requestChatSend'], pipelineIds: [] });
      expect(res.status).toBe(400);
      expect(res.body.error.details.field).toBe('permissions');
      expect(res.body.error.message).toContain('request chat sending without request chat reading');
      expect((await employee.get(`/api/governance/contacts/${DEMO.emily.id}/policies/${NL}`)).body.permissions).toEqual([
        'requestCreate',
        'requestChatRead',
        'requestChatSend',
        'documents',
      ]);
    });

    it('refuses unknown permissions and unknown pipelines', async () => {
      expect((await employee.post(`/api/governance/companies/${NL}/policy`, { permissions: ['everything'], pipelineIds: [] })).body.error.details.field).toBe(
        'permissions',
      );
      const unknownPipe = await employee.post(`/api/governance/companies/${NL}/policy`, {
        permissions: [],
        pipelineIds: ['00000000-0000-4000-8000-00000000beef'],
      });
      expect(unknownPipe.status).toBe(422);
      expect(unknownPipe.body.error.details.field).toBe('pipelineIds');
    });

    it('previews exactly what a contact policy change would open, by count and id, without writing', async () => {
      const before = await employee.get(`/api/governance/contacts/${DEMO.emily.id}/policies/${NL}`);
      const preview = await employee.post(`/api/governance/contacts/${DEMO.emily.id}/policies/${NL}/preview`, {
        // The starter policy has documents: this change trades them for the general channel and opens Design.
        permissions: ['requestCreate', 'requestChatRead', 'requestChatSend', 'generalChat'],
        pipelineIds: [P.support.id, P.design.id],
      });
      expect(preview.status).toBe(200);
      expect(preview.body.applied).toBe(false);
      const link = preview.body.impact.links.find((l: { linkId: string }) => l.linkId === emily.linkId);
      expect(link.permissions).toEqual([
        { companyId: NL, gainedPermissions: ['generalChat'], lostPermissions: ['documents'], gainedPipelineIds: [P.design.id], lostPipelineIds: [] },
      ]);
      expect(link.requests).toMatchObject({ gained: 1, lost: 0, gainedIds: [REQ_DESIGN] });
      expect(link.chats).toMatchObject({ gained: 1, gainedIds: [REQ_DESIGN] });
      expect(link.documents.lost).toBe(2);
      expect(link.documents.lostIds).toContain(DOC_COMPANY);
      expect(link.documents.lostIds).not.toContain(DOC_DRAFT);
      expect((await employee.get(`/api/governance/contacts/${DEMO.emily.id}/policies/${NL}`)).body).toEqual(before.body);
      expect((await emily.client.get(`/api/portal/requests/${REQ_DESIGN}`)).status).toBe(404);
    });

    it('a contact policy can never widen the company policy', async () => {
      await employee.post(`/api/governance/companies/${NL}/policy`, { permissions: ['requestCreate', 'requestChatRead'], pipelineIds: [P.support.id] });
      const res = await employee.post(`/api/governance/contacts/${DEMO.emily.id}/policies/${NL}`, {
        permissions: ALL,
        pipelineIds: [P.support.id, P.design.id, P.billing.id],
      });
      expect(res.status).toBe(200);
      expect(res.body.effectivePolicy).toEqual({ permissions: ['requestCreate', 'requestChatRead'], pipelineIds: [P.support.id] });
      const me = await emily.client.get('/api/portal/me');
      expect(me.body.companies[0]).toMatchObject({ permissions: ['requestCreate', 'requestChatRead'], pipelineIds: [P.support.id] });
      expect((await emily.client.get(`/api/portal/requests/${REQ_DESIGN}`)).status).toBe(404);
      expect((await emily.client.post(`/api/portal/requests/${REQ_SUPPORT}/messages`, { body: 'hello' })).status).toBe(403);
    });

    it('previews a company policy change for every affected contact, then applies it with an audit entry', async () => {
      const body = { permissions: ALL, pipelineIds: [P.support.id, P.design.id] };
      const preview = await employee.post(`/api/governance/companies/${NL}/policy/preview`, body);
      const link = preview.body.impact.links.find((l: { linkId: string }) => l.linkId === emily.linkId);
      expect(link.permissions[0].gainedPipelineIds).toEqual([P.design.id]);
      expect(link.requests.gainedIds).toEqual([REQ_DESIGN]);
      const saved = await employee.post(`/api/governance/companies/${NL}/policy`, body);
      expect(saved.body.applied).toBe(true);
      expect((await emily.client.get(`/api/portal/requests/${REQ_DESIGN}`)).status).toBe(200);
      const entries = (await employee.get(`/api/governance/audit?companyId=${NL}`)).body.entries;
      const last = entries.find((e: { action: string }) => e.action === 'company_policy.changed');
      expect(last).toMatchObject({
        actor: { kind: 'employee', id: DEMO.employee.id },
        after: body,
        before: { permissions: ['requestCreate', 'requestChatRead'], pipelineIds: [P.support.id] },
      });
    });

    it('switching extranet access off for a company shows who loses what, and takes effect on the next request', async () => {
      const preview = await employee.post(`/api/governance/companies/${NL}/access/preview`, { extranetEnabled: false, grantAccess: 'account_managers' });
      const link = preview.body.impact.links.find((l: { linkId: string }) => l.linkId === emily.linkId);
      expect(link.requests.lostIds).toEqual(expect.arrayContaining([REQ_SUPPORT, REQ_DESIGN]));
      expect((await emily.client.get('/api/portal/requests')).body.requests.length).toBeGreaterThan(0);
      await employee.post(`/api/governance/companies/${NL}/access`, { extranetEnabled: false, grantAccess: 'account_managers' });
      expect((await emily.client.get('/api/portal/requests')).body.requests).toEqual([]);
      expect((await emily.client.get(`/api/portal/requests/${REQ_SUPPORT}`)).status).toBe(404);
      const review = await employee.post('/api/governance/link-wizard/review', {
        userId: emily.userId,
        contactId: DEMO.emily.id,
        companyIds: [NL],
        defaultCompanyId: NL,
      });
      expect(review.status).toBe(422);
      expect(review.body.error).toMatchObject({ details: { field: 'companyIds' }, message: expect.stringContaining('switched off for Northern Light') });
      await employee.post(`/api/governance/companies/${NL}/access`, { extranetEnabled: true, grantAccess: 'account_managers' });
      expect((await emily.client.get(`/api/portal/requests/${REQ_SUPPORT}`)).status).toBe(200);
    });
  });

  describe('who may grant access', () => {
    let adam: Agent;
    beforeAll(async () => {
      adam = new Agent(sys.gatewayUrl);
      expect((await signInEmployee(adam, DEMO.manager.login, DEMO.manager.password)).status).toBe(200);
    });

    it('an account manager changes policies only for the companies they manage', async () => {
      const nl = await adam.post(`/api/governance/companies/${NL}/policy`, { permissions: [], pipelineIds: [] });
      expect(nl.status).toBe(403);
      const bh = await adam.post(`/api/governance/companies/${BH}/policy/preview`, { permissions: ALL, pipelineIds: [P.support.id] });
      expect(bh.status).toBe(200);
      expect((await adam.post(`/api/governance/links/${emily.linkId}/invitations`, {})).status).toBe(403);
    });

    it('only administrators switch extranet access and decide who may grant it', async () => {
      expect((await adam.post(`/api/governance/companies/${BH}/access`, { extranetEnabled: true, grantAccess: 'all_employees' })).status).toBe(403);
      expect((await employee.post(`/api/governance/companies/${NL}/access`, { extranetEnabled: true, grantAccess: 'all_employees' })).status).toBe(200);
      // Now any employee may onboard Northern Light's contacts (guests invited by ordinary users).
      const { reviewId } = await reviewNewEmily(adam, undefined, await newContact(sys));
      expect((await adam.post('/api/governance/link-wizard/confirm', { reviewId })).status).toBe(202);
      const listed = await eventually(async () => {
        const links = (await employee.get(`/api/governance/links?q=Emily`)).body.links as { id: string; invitedBy: { name: string } }[];
        return links.find((l) => l.id === reviewId);
      });
      expect(listed.invitedBy.name).toBe('Adam Reed');
      await employee.post(`/api/governance/companies/${NL}/access`, { extranetEnabled: true, grantAccess: 'account_managers' });
    });
  });

  describe('links and sessions', () => {
    it('lists links with search, status filter, pages and sorting', async () => {
      const page = await employee.get('/api/governance/links?q=northern&status=active&pageSize=1&page=1&sort=login&order=asc');
      expect(page.status).toBe(200);
      expect(page.body).toMatchObject({ page: 1, pageSize: 1 });
      expect(page.body.total).toBeGreaterThanOrEqual(2);
      expect(page.body.links).toHaveLength(1);
      const second = await employee.get('/api/governance/links?q=northern&status=active&pageSize=1&page=2&sort=login&order=asc');
      expect(second.body.links[0].id).not.toBe(page.body.links[0].id);
      expect((await employee.get('/api/governance/links?sort=password')).body.error.details.field).toBe('sort');
      expect((await employee.get('/api/governance/links?pageSize=1000')).body.error.details.field).toBe('pageSize');
      const detail = await employee.get(`/api/governance/links/${emily.linkId}`);
      expect(detail.body.sessions.length).toBeGreaterThan(0);
      expect(detail.body.invitations[0]).toMatchObject({ status: 'used', issuedByName: 'Olivia Grant' });
      expect(detail.body.channelLinks).toEqual([]);
    });

    it('changing the link companies keeps the default among them', async () => {
      const res = await employee.post(`/api/governance/links/${emily.linkId}/companies/preview`, { companyIds: [NL], defaultCompanyId: BH });
      expect(res.status).toBe(400);
      expect(res.body.error.details.field).toBe('defaultCompanyId');
      const foreign = await employee.post(`/api/governance/links/${emily.linkId}/companies`, { companyIds: [NL, BH], defaultCompanyId: NL });
      expect(foreign.status).toBe(422);
    });

    it('refresh rotates the tokens, and reusing an old refresh token ends the whole session', async () => {
      const c = new Agent(sys.gatewayUrl);
      await c.post('/api/portal/login', { login: emily.login, password: STRONG_PASSWORD });
      const host = new URL(sys.gatewayUrl).host;
      const old = c.cookies.get(host)!.get('extranet_refresh')!;
      expect((await c.post('/api/portal/refresh', {})).status).toBe(201);
      const rotated = c.cookies.get(host)!.get('extranet_refresh')!;
      expect(rotated).not.toBe(old);
      expect((await c.get('/api/portal/me')).status).toBe(200);
      const thief = new Agent(sys.gatewayUrl);
      thief.cookies.set(host, new Map([['extranet_refresh', old]]));
      const reuse = await thief.post('/api/portal/refresh', {});
      expect(reuse.status).toBe(401);
      expect(reuse.body.error.code).toBe('refresh_token_reused');
      expect((await c.get('/api/portal/me')).status).toBe(401);
      expect((await c.post('/api/portal/refresh', {})).status).toBe(401);
      expect(await auditActions()).toContain('session.ended_refresh_reuse');
    });

    it('a password change needs the current password, follows the policy, and ends the other sessions', async () => {
      const other = new Agent(sys.gatewayUrl);
      await other.post('/api/portal/login', { login: emily.login, password: STRONG_PASSWORD });
      const wrong = await emily.client.post('/api/portal/password', { currentPassword: 'nope', newPassword: 'Another-Strong-2026!' });
      expect(wrong.body.error.details.field).toBe('currentPassword');
      const weak = await emily.client.post('/api/portal/password', { currentPassword: STRONG_PASSWORD, newPassword: 'weakweakweak' });
      expect(weak.body.error).toMatchObject({
        code: 'weak_password',
        details: { field: 'newPassword', unmet: ['an uppercase letter', 'a digit', 'a special character'] },
      });
      expect((await emily.client.post('/api/portal/password', { currentPassword: STRONG_PASSWORD, newPassword: 'Another-Strong-2026!' })).status).toBe(200);
      expect((await emily.client.get('/api/portal/me')).status).toBe(200);
      expect((await other.get('/api/portal/me')).status).toBe(401);
      await emily.client.post('/api/portal/password', { currentPassword: 'Another-Strong-2026!', newPassword: STRONG_PASSWORD });
    });

    it('locks a login after repeated failures, answers the same as for an unknown login, and unlocks after the duration', async () => {
      const settings = (await employee.get('/api/governance/security-settings')).body;
      expect((await employee.post('/api/governance/security-settings', { ...settings, maxFailedAttempts: 3, lockoutSeconds: 2 })).status).toBe(200);
      try {
        const c = new Agent(sys.gatewayUrl);
        for (let i = 0; i < 3; i++) await c.post('/api/portal/login', { login: emily.login, password: 'Wrong-password-1!' });
        const locked = await c.post('/api/portal/login', { login: emily.login, password: STRONG_PASSWORD });
        const unknown = await c.post('/api/portal/login', { login: 'nobody.at.all', password: STRONG_PASSWORD });
        expect(locked.status).toBe(401);
        expect(locked.body).toEqual(unknown.body);
        await new Promise((r) => setTimeout(r, 2100));
        expect((await c.post('/api/portal/login', { login: emily.login, password: STRONG_PASSWORD })).status).toBe(201);
        const actions = await auditActions();
        expect(actions).toContain('sign_in.locked');
        expect(actions).toContain('sign_in.failed');
        expect(actions).toContain('security_settings.changed');
      } finally {
        await employee.post('/api/governance/security-settings', settings);
      }
    });

    it('refuses security settings that could lock clients out for good or make no sense', async () => {
      const settings = (await employee.get('/api/governance/security-settings')).body;
      expect((await employee.post('/api/governance/security-settings', { ...settings, lockoutSeconds: 0 })).body.error.details.field).toBe('lockoutSeconds');
      expect(
        (await employee.post('/api/governance/security-settings', { ...settings, refreshLifetimeSeconds: 60, accessLifetimeSeconds: 3600 })).body.error.details
          .field,
      ).toBe('refreshLifetimeSeconds');
      expect((await employee.post('/api/governance/security-settings', { ...settings, passwordMinLength: 'twelve' })).body.error.details.field).toBe(
        'passwordMinLength',
      );
      expect((await employee.get('/api/governance/security-settings')).body).toEqual(settings);
    });

    it('disabling a link stops access on the very next request; enabling restores it; revoking is final', async () => {
      const { client, linkId } = await onboardEmily(sys, employee, await newContact(sys));
      expect((await client.get('/api/portal/me')).status).toBe(200);
      const preview = await employee.post(`/api/governance/links/${linkId}/status/preview`, { status: 'disabled' });
      expect(preview.body.impact.links[0].requests.lost).toBeGreaterThan(0);
      expect((await client.get('/api/portal/me')).status).toBe(200);
      await endCollaboration(sys, employee, linkId, 'disabled');
      expect((await client.get('/api/portal/me')).status).toBe(401); // sessions ended
      const again = new Agent(sys.gatewayUrl);
      await again.post('/api/portal/login', { login: (await employee.get(`/api/governance/links/${linkId}`)).body.user.login, password: STRONG_PASSWORD });
      expect((await again.get('/api/portal/me')).status).toBe(403);
      expect((await employee.post(`/api/governance/links/${linkId}/status`, { status: 'active' })).status).toBe(200);
      expect((await again.get('/api/portal/me')).status).toBe(200);
      // A pending invitation is revoked with the link.
      expect((await employee.post(`/api/governance/links/${linkId}/invitations`, {})).status).toBe(202);
      await eventually(async () => ((await invitationsOf(employee, linkId)).some((i) => i.status === 'pending') ? true : undefined));
      const pending = (await invitationsOf(employee, linkId)).find((i) => i.status === 'pending')!;
      // Ended by the offboarding workflow, with a report of everything it closed, in its status.
      const { report } = await endCollaboration(sys, employee, linkId, 'revoked');
      expect(report).toMatchObject({ linkId, linkStatus: 'revoked', invitationsRevoked: [pending.id], channelLinksRevoked: [] });
      expect(report.sessionsEnded).toBeGreaterThanOrEqual(1);
      const wf = await employee.get(`/api/governance/workflows/offboarding-${linkId}`);
      expect(wf.body).toMatchObject({ step: 'completed', outcome: 'revoked', state: 'COMPLETED' });
      // The invitation's workflow settles on the offboarding's signal, on its own time: wait for its result.
      await sys.gateway.temporal.workflow.getHandle(`invitation-${pending.id}`).result();
      expect((await employee.get(`/api/governance/workflows/invitation-${pending.id}`)).body).toMatchObject({
        step: 'completed',
        outcome: 'revoked',
        state: 'COMPLETED',
      });
      expect((await again.get('/api/portal/me')).status).toBe(401);
      expect((await invitationsOf(employee, linkId)).every((i) => i.status !== 'pending')).toBe(true);
      const enable = await employee.post(`/api/governance/links/${linkId}/status`, { status: 'active' });
      expect(enable.status).toBe(409);
      expect(enable.body.error.code).toBe('link_revoked');
      const actions = await auditActions(linkId);
      expect(actions).toEqual(
        expect.arrayContaining(['link.created', 'link.disabled', 'link.enabled', 'link.revoked', 'invitation.issued', 'invitation.revoked']),
      );
    });

    it('an employee ends all of a client\u2019s sessions', async () => {
      const c = new Agent(sys.gatewayUrl);
      await c.post('/api/portal/login', { login: emily.login, password: STRONG_PASSWORD });
      const res = await employee.post(`/api/governance/links/${emily.linkId}/sessions/end`, {});
      expect(res.body.ended).toBeGreaterThanOrEqual(1);
      expect((await c.get('/api/portal/me')).status).toBe(401);
      emily.client = new Agent(sys.gatewayUrl);
      await emily.client.post('/api/portal/login', { login: emily.login, password: STRONG_PASSWORD });
    });
  });

  describe('diagnostics and view-as', () => {
    it('names the first element that denies and the change that would grant it', async () => {
      await employee.post(`/api/governance/contacts/${DEMO.emily.id}/policies/${NL}`, {
        permissions: ['requestCreate', 'requestChatRead'],
        pipelineIds: [P.support.id],
      });
      const d = await employee.get(`/api/governance/links/${emily.linkId}/diagnostics?objectType=request&objectId=${REQ_DESIGN}`);
      expect(d.body.visible).toBe(false);
      expect(d.body.firstDenial).toEqual({
        element: 'effective-policy',
        reason: 'the contact policy of Emily Carter at Northern Light does not allow the pipeline Design',
        fix: 'add the pipeline Design to the contact policy of Emily Carter at Northern Light',
      });
      expect(d.body.steps.map((s: { element: string; status: string }) => `${s.element}:${s.status}`)).toEqual([
        'user:pass',
        'link:pass',
        'contact:pass',
        'companies:pass',
        'effective-policy:fail',
        'object:pass',
      ]);
      const foreign = await employee.get(`/api/governance/links/${emily.linkId}/diagnostics?objectType=request&objectId=00000000-0000-4000-8000-000000000203`);
      expect(foreign.body.firstDenial.element).toBe('companies');
      expect(foreign.body.firstDenial.fix).toContain('add Blue Harbor to the link');
      const draft = await employee.get(`/api/governance/links/${emily.linkId}/diagnostics?objectType=document&objectId=${DOC_DRAFT}`);
      expect(draft.body.firstDenial.element).toBe('effective-policy');
      expect((await employee.get(`/api/governance/links/${emily.linkId}/diagnostics?objectType=thing&objectId=${DOC_DRAFT}`)).body.error.details.field).toBe(
        'objectType',
      );
    });

    it('view as the client gives each section without signing in as them', async () => {
      const v = await employee.get(`/api/governance/links/${emily.linkId}/view-as`);
      expect(v.body.sections.requests.items.map((r: { id: string }) => r.id)).toEqual(
        (await emily.client.get('/api/portal/requests')).body.requests.map((r: { id: string }) => r.id),
      );
      expect(v.body.sections).toMatchObject({ requestChat: { canSend: false }, documents: { visible: 0 }, generalChat: false, calls: false });
    });

    it('diagnostics agree with real enforcement for random policies and objects', async () => {
      const objects = [
        { type: 'request', id: REQ_SUPPORT, probe: `/api/portal/requests/${REQ_SUPPORT}` },
        { type: 'request', id: REQ_DESIGN, probe: `/api/portal/requests/${REQ_DESIGN}` },
        { type: 'chat', id: REQ_SUPPORT, probe: `/api/portal/requests/${REQ_SUPPORT}/messages` },
        { type: 'chat', id: REQ_DESIGN, probe: `/api/portal/requests/${REQ_DESIGN}/messages` },
        { type: 'document', id: DOC_COMPANY, probe: `/api/portal/documents/${DOC_COMPANY}` },
        { type: 'document', id: DOC_DRAFT, probe: `/api/portal/documents/${DOC_DRAFT}` },
        { type: 'request', id: '00000000-0000-4000-8000-000000000203', probe: '/api/portal/requests/00000000-0000-4000-8000-000000000203' },
      ];
      const perms = fc
        .subarray(['requestCreate', 'requestChatRead', 'requestChatSend', 'documents'])
        .map((p) => (p.includes('requestChatSend') && !p.includes('requestChatRead') ? p.filter((x) => x !== 'requestChatSend') : p));
      const pipes = fc.subarray([P.support.id, P.design.id]);
      try {
        await fc.assert(
          fc.asyncProperty(perms, pipes, perms, pipes, fc.boolean(), async (cp, cpp, kp, kpp, enabled) => {
            await employee.post(`/api/governance/companies/${NL}/policy`, { permissions: cp, pipelineIds: cpp });
            await employee.post(`/api/governance/contacts/${DEMO.emily.id}/policies/${NL}`, { permissions: kp, pipelineIds: kpp });
            await employee.post(`/api/governance/companies/${NL}/access`, { extranetEnabled: enabled, grantAccess: 'account_managers' });
            for (const o of objects) {
              const d = await employee.get(`/api/governance/links/${emily.linkId}/diagnostics?objectType=${o.type}&objectId=${o.id}`);
              const real = await emily.client.get(o.probe);
              expect(d.body.visible, `${o.type} ${o.id}: ${JSON.stringify(d.body.firstDenial)}`).toBe(real.status === 200);
            }
          }),
          { numRuns: 15 },
        );
      } finally {
        await employee.post(`/api/governance/companies/${NL}/access`, { extranetEnabled: true, grantAccess: 'account_managers' });
      }
    });
  });

  describe('the audit log', () => {
    it('is queryable by link, company and actor, and nothing can edit or delete it', async () => {
      const byActor = (await employee.get(`/api/governance/audit?actorId=${DEMO.employee.id}`)).body.entries as { actor: { id: string } }[];
      expect(byActor.length).toBeGreaterThan(0);
      expect(byActor.every((e) => e.actor.id === DEMO.employee.id)).toBe(true);
      expect((await employee.get(`/api/governance/audit?linkId=${emily.linkId}`)).body.entries.length).toBeGreaterThan(0);
      await expect(sys.db('policy.audit_log').update({ action: 'tampered' })).rejects.toThrow(/append-only/);
      await expect(sys.db('identity.audit_log').delete()).rejects.toThrow(/append-only/);
      await expect(sys.db.raw('truncate policy.audit_log')).rejects.toThrow(/append-only/);
      await expect(sys.db.raw('truncate identity.audit_log')).rejects.toThrow(/append-only/);
      expect(
        (await employee.fetch('/api/governance/audit', { method: 'DELETE', headers: { 'content-type': 'application/json' }, body: '{}' })).status,
      ).toBeOneOf([404, 405]);
    });
  });
});
