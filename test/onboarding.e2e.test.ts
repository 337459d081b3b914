import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, eventually, signInEmployee } from './agent.js';
import { rowCounts } from './db-snapshot.js';
import { startSystem, type TestSystem } from './harness.js';
import { DEMO } from '../domain/demo.js';
import { statusQuery } from '../workflows/messages.js';

const STRONG = 'Northern-Light-2026!';
const tokenFrom = (text: string) => /#token=([A-Za-z0-9_-]{43})/.exec(text)?.[1];

/**
 * All text of a workflow history, payloads included: their data are bytes, which
 * JSON.stringify would turn into lists of numbers where no token can ever match.
 */
function historyText(value: unknown): string {
  const parts: string[] = [];
  const walk = (v: unknown) => {
    if (v instanceof Uint8Array) parts.push(Buffer.from(v).toString('latin1'));
    else if (typeof v === 'string') parts.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(value);
  return parts.join('\n');
}

describe('a client is onboarded end to end through the gateway', () => {
  let sys: TestSystem;
  let employee: Agent;
  const state: { userId?: string; reviewId?: string; token?: string; invitationId?: string } = {};

  beforeAll(async () => {
    sys = await startSystem();
    employee = new Agent(sys.gatewayUrl);
  });
  afterAll(async () => {
    await sys?.stop();
  });

  it('refuses the governance API before sign-in', async () => {
    const res = await new Agent(sys.gatewayUrl).get('/api/governance/links');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthenticated');
  });

  it('refuses an OIDC account that is not an Extranet employee', async () => {
    const outsider = new Agent(sys.gatewayUrl);
    const res = await signInEmployee(outsider, 'outsider@vector.test', 'outsider-demo');
    expect(res.status).toBe(403);
    expect((await outsider.get('/api/governance/me')).status).toBe(401);
  });

  it('signs the employee in through OIDC with PKCE and sets an HttpOnly SameSite session cookie', async () => {
    const login = await employee.fetch('/auth/login', { follow: false });
    const authUrl = new URL(login.headers.get('location')!);
    expect(authUrl.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authUrl.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const done = await signInEmployee(employee, DEMO.employee.login, DEMO.employee.password);
    expect(done.status).toBe(200);
    const me = await employee.get('/api/governance/me');
    expect(me.body).toMatchObject({ name: 'Olivia Grant', role: 'administrator' });
  });

  it('step 1 creates a portal user without ever returning a password', async () => {
    const res = await employee.post('/api/governance/users', { login: 'emily.carter', email: DEMO.emily.email, firstName: 'Emily', lastName: 'Carter' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      login: 'emily.carter',
      email: DEMO.emily.email,
      firstName: 'Emily',
      lastName: 'Carter',
      activated: false,
    });
    state.userId = res.body.id;
    const found = await employee.get('/api/governance/users?q=emily');
    expect(found.body.users.map((u: { id: string }) => u.id)).toEqual([state.userId]);
  });

  it('steps 2 and 3 return the exact user, contact and companies combination', async () => {
    const res = await employee.post('/api/governance/link-wizard/review', {
      userId: state.userId,
      contactId: DEMO.emily.id,
      companyIds: [DEMO.northernLight.id],
      defaultCompanyId: DEMO.northernLight.id,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      user: { id: state.userId, login: 'emily.carter' },
      contact: { id: DEMO.emily.id, firstName: 'Emily', lastName: 'Carter' },
      companies: [{ id: DEMO.northernLight.id, name: 'Northern Light' }],
      defaultCompanyId: DEMO.northernLight.id,
    });
    state.reviewId = res.body.reviewId;
  });

  it('step 4 confirmed twice starts one onboarding, creates one link and sends one email', async () => {
    const [a, b] = await Promise.all([
      employee.post('/api/governance/link-wizard/confirm', { reviewId: state.reviewId }),
      employee.post('/api/governance/link-wizard/confirm', { reviewId: state.reviewId }),
    ]);
    expect([a.status, b.status]).toEqual([202, 202]);
    expect(a.body.workflowId).toBe(`onboarding-${state.reviewId}`);
    expect(b.body.workflowId).toBe(a.body.workflowId);
    const mail = await sys.mail.waitFor((m) => m.to.includes(DEMO.emily.email));
    state.token = tokenFrom(mail.text);
    expect(state.token).toBeDefined();
    expect(mail.text).toContain(`${sys.gatewayUrl}/extranet/activate#token=`);
    const link = await eventually(async () => {
      const r = await employee.get(`/api/governance/links/${state.reviewId}`);
      return r.body.onboarding?.step === 'waiting-activation' ? r.body : undefined;
    });
    expect(link.status).toBe('active');
    expect(link.invitations).toHaveLength(1);
    expect(link.invitations[0]).toMatchObject({ status: 'pending', contactId: DEMO.emily.id, issuedBy: DEMO.employee.id });
    state.invitationId = link.invitations[0].id;
    expect(link.companies[0].effectivePolicy).toEqual({
      permissions: ['requestCreate', 'requestChatRead', 'requestChatSend', 'documents'],
      pipelineIds: [DEMO.pipelines.support.id],
    });
    // A second confirm after the fact changes nothing either.
    expect((await employee.post('/api/governance/link-wizard/confirm', { reviewId: state.reviewId })).status).toBe(202);
    expect(await sys.db('policy.links').where({ user_id: state.userId }).count({ n: '*' })).toEqual([{ n: '1' }]);
    await new Promise((r) => setTimeout(r, 500));
    expect(sys.mail.messages().filter((m) => m.to.includes(DEMO.emily.email))).toHaveLength(1);
  });

  it('never stores the token itself: only its hash', async () => {
    const token = state.token!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const rows = await sys.db('identity.invitations').select('*');
    expect(rows.map((r) => r.id)).toContain(state.invitationId);
    expect(rows.every((r) => typeof r.token_hash === 'string' && r.token_hash.length > 0 && r.token_hash !== token)).toBe(true);
    // Neither in any column nor anywhere in the workflow's history, as text or as the raw bytes it encodes.
    const raw = Buffer.from(token, 'base64url').toString('latin1');
    const stored = JSON.stringify(rows);
    expect(stored).not.toContain(token);
    expect(stored).not.toContain(Buffer.from(token, 'base64url').toString('hex'));
    const history = historyText(await sys.gateway.temporal.workflow.getHandle(`invitation-${state.invitationId}`).fetchHistory());
    // The payloads are read: the employee who issued the invitation is named only in the workflow's input.
    expect(history).toContain(DEMO.employee.id);
    expect(history).not.toContain(token);
    expect(history).not.toContain(raw);
  });

  it('shows the same step in the governance API as the workflow query', async () => {
    const api = await employee.get(`/api/governance/workflows/onboarding-${state.reviewId}`);
    expect(api.body).toMatchObject({ step: 'waiting-activation', linkId: state.reviewId, invitationId: state.invitationId, state: 'RUNNING' });
    const query = await sys.gateway.temporal.workflow.getHandle(`onboarding-${state.reviewId}`).query(statusQuery);
    expect(query).toMatchObject({ step: 'waiting-activation', linkId: state.reviewId, invitationId: state.invitationId });
    expect(api.body).toMatchObject(query);
  });

  it('lists every workflow of the link in Temporal by search attribute', async () => {
    const ids = await eventually(async () => {
      const found: string[] = [];
      for await (const w of sys.gateway.temporal.workflow.list({ query: `ExtranetLinkId = '${state.reviewId}'` })) found.push(w.workflowId);
      return found.length === 2 ? found.sort() : undefined;
    });
    expect(ids).toEqual([`invitation-${state.invitationId}`, `onboarding-${state.reviewId}`].sort());
    // Other test files share the dev server (and Emily's email): narrow to this file's task queue.
    const byEmail = await eventually(async () => {
      const found: string[] = [];
      const query = `ExtranetContactEmail = '${DEMO.emily.email}' AND ExtranetCompanyIds = '${DEMO.northernLight.id}' AND TaskQueue = '${sys.taskQueue}'`;
      for await (const w of sys.gateway.temporal.workflow.list({ query })) found.push(w.workflowId);
      return found.length === 2 ? found.sort() : undefined;
    });
    expect(byEmail).toEqual(ids);
  });

  it('refuses a weak password at activation, naming the unmet rules, and keeps the invitation pending', async () => {
    const client = new Agent(sys.gatewayUrl);
    const res = await client.post('/api/portal/activate', { token: state.token, password: 'short' });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: 'weak_password',
      details: { field: 'password', unmet: ['at least 12 characters', 'an uppercase letter', 'a digit', 'a special character'] },
    });
    expect((await sys.db('identity.invitations').where({ id: state.invitationId }).first()).status).toBe('pending');
  });

  let client: Agent;
  it('activates with a strong password and signs the client in with an HttpOnly SameSite cookie', async () => {
    client = new Agent(sys.gatewayUrl);
    const res = await client.fetch('/api/portal/activate', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: state.token, password: STRONG }),
    });
    expect(res.status).toBe(201);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('extranet_session='))!;
    expect(cookie).toMatch(/httponly/i);
    expect(cookie).toMatch(/samesite=lax/i);
    expect(cookie).not.toMatch(/secure/i); // served over plain http here; Secure is set when PUBLIC_URL is https
    // Wait for what is asserted: the workflow's result, then its state and step as the API shows them.
    await sys.gateway.temporal.workflow.getHandle(`onboarding-${state.reviewId}`).result();
    const done = (await employee.get(`/api/governance/workflows/onboarding-${state.reviewId}`)).body;
    expect(done).toMatchObject({ step: 'completed', outcome: 'active', state: 'COMPLETED' });
    const inv = await employee.get(`/api/governance/invitations/${state.invitationId}`);
    expect(inv.body).toMatchObject({ status: 'used', workflow: { step: 'completed', outcome: 'used' } });
  });

  it('opening the activation link again gives a clear message and changes nothing', async () => {
    const before = await sys.db('identity.users').where({ id: state.userId }).first();
    const rowsBefore = await rowCounts(sys);
    const res = await new Agent(sys.gatewayUrl).post('/api/portal/activate', { token: state.token, password: 'Another-Strong-2026!' });
    expect(res.status).toBe(410);
    expect(res.body.error).toMatchObject({
      code: 'invitation_used',
      message: 'this invitation was already used; sign in with your password',
      details: { field: 'token' },
    });
    expect((await sys.db('identity.users').where({ id: state.userId }).first()).password_hash).toBe(before.password_hash);
    expect(await rowCounts(sys)).toEqual(rowsBefore);
  });

  it('GET /api/portal/me returns the name, default company, companies and effective permissions', async () => {
    const me = await client.get('/api/portal/me');
    expect(me.status).toBe(200);
    expect(me.body).toEqual({
      user: { id: state.userId, login: 'emily.carter', firstName: 'Emily', lastName: 'Carter', email: DEMO.emily.email },
      contact: { id: DEMO.emily.id, firstName: 'Emily', lastName: 'Carter', email: DEMO.emily.email },
      defaultCompany: { id: DEMO.northernLight.id, name: 'Northern Light' },
      companies: [
        {
          id: DEMO.northernLight.id,
          name: 'Northern Light',
          permissions: ['requestCreate', 'requestChatRead', 'requestChatSend', 'documents'],
          pipelineIds: [DEMO.pipelines.support.id],
        },
      ],
    });
  });

  it('signs in again with the new password', async () => {
    const again = new Agent(sys.gatewayUrl);
    expect((await again.post('/api/portal/login', { login: 'emily.carter', password: STRONG })).status).toBe(201);
    expect((await again.get('/api/portal/me')).body.user.login).toBe('emily.carter');
    expect((await again.post('/api/portal/logout', {})).status).toBe(200);
    expect((await again.get('/api/portal/me')).status).toBe(401);
  });

  it('the client cannot reach any governance endpoint', async () => {
    const before = await rowCounts(sys);
    for (const path of [
      '/api/governance/me',
      '/api/governance/links',
      '/api/governance/users',
      `/api/governance/links/${state.reviewId}`,
      '/api/governance/mail',
    ]) {
      const res = await client.get(path);
      expect(res.status, path).toBe(403);
    }
    const post = await client.post('/api/governance/users', { login: 'mallory', email: 'm@x.test', firstName: 'M', lastName: 'X' });
    expect(post.status).toBe(403);
    expect(await sys.db('identity.users').where({ login: 'mallory' }).first()).toBeUndefined();
    expect(await rowCounts(sys)).toEqual(before);
  });

  it('the client sees only their company and pipeline, and never internal comments', async () => {
    const list = await client.get('/api/portal/requests');
    expect(list.body.requests.map((r: { title: string }) => r.title)).toEqual(['Update the delivery address']);
    const id = list.body.requests[0].id;
    const chat = await client.get(`/api/portal/requests/${id}/messages`);
    expect(chat.body.messages.map((m: { body: string }) => m.body)).toEqual(['We have the new address; please confirm the floor.']);
    const sent = await client.post(`/api/portal/requests/${id}/messages`, { body: 'Third floor, thank you.' });
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({ authorKind: 'client', authorName: 'Emily Carter' });
    const created = await client.post('/api/portal/requests', {
      companyId: DEMO.northernLight.id,
      pipelineId: DEMO.pipelines.support.id,
      title: 'Second address',
    });
    expect(created.status).toBe(201);
    // The starter policy includes documents (seed 000): Northern Light's published ones, hers among them; never a draft.
    const titles = ((await client.get('/api/portal/documents')).body.documents as { title: string }[]).map((d) => d.title).sort();
    expect(titles).toEqual(['Brochure proof v2', 'Service agreement 2026']);
  });

  it('the second company stays invisible: foreign ids yield nothing', async () => {
    const daniel = new Agent(sys.gatewayUrl);
    expect((await daniel.post('/api/portal/login', { login: DEMO.danielUser.login, password: DEMO.danielUser.password })).status).toBe(201);
    const before = await rowCounts(sys);
    const foreign = (await daniel.get('/api/portal/requests')).body.requests as { id: string; companyId: string }[];
    expect(foreign.length).toBeGreaterThan(0);
    expect(foreign.every((r) => r.companyId === DEMO.blueHarbor.id)).toBe(true);
    for (const r of foreign) {
      expect((await client.get(`/api/portal/requests/${r.id}`)).status).toBe(404);
      expect((await client.get(`/api/portal/requests/${r.id}/messages`)).status).toBe(404);
      expect((await client.post(`/api/portal/requests/${r.id}/messages`, { body: 'hi' })).status).toBe(404);
    }
    const docs = (await daniel.get('/api/portal/documents')).body.documents as { id: string }[];
    expect(docs.length).toBeGreaterThan(0);
    for (const d of docs) expect((await client.get(`/api/portal/documents/${d.id}`)).status).toBe(404);
    const cross = await client.post('/api/portal/requests', { companyId: DEMO.blueHarbor.id, pipelineId: DEMO.pipelines.support.id, title: 'Sneaky' });
    expect(cross.status).toBe(422);
    expect(cross.body.error.details.field).toBe('companyId');
    expect(await sys.db('requests.requests').where({ title: 'Sneaky' }).first()).toBeUndefined();
    // And the other way round.
    const mine = (await client.get('/api/portal/requests')).body.requests as { id: string }[];
    expect(mine.length).toBeGreaterThan(0);
    for (const r of mine) expect((await daniel.get(`/api/portal/requests/${r.id}`)).status).toBe(404);
    expect(await rowCounts(sys)).toEqual(before);
  });

  it('the employee reads the invitation email in the admin area', async () => {
    const list = await employee.get('/api/governance/mail');
    const msg = list.body.messages.find((m: { to: string[] }) => m.to.includes(DEMO.emily.email));
    expect(msg).toBeDefined();
    const full = await employee.get(`/api/governance/mail/${msg.id}`);
    expect(full.status).toBe(200);
    expect(full.body.subject).toBe('Your invitation to the Extranet');
  });
});
