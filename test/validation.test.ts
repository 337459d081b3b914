import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WorkflowNotFoundError } from '@temporalio/client';
import { Agent } from './agent.js';
import { rowCounts } from './db-snapshot.js';
import { startSystem, type TestSystem } from './harness.js';
import { employeeAgent } from './flows.js';
import { DEMO } from '../domain/demo.js';

const NL = DEMO.northernLight.id;
const UNKNOWN = '00000000-0000-4000-8000-00000000beef';

describe('bad input gets a 4xx naming the field and writes nothing', () => {
  let sys: TestSystem;
  let employee: Agent;
  let client: Agent;
  let userId: string;
  // Every table of every service schema, and the rows a refused change would alter in place.
  const counts = async () => ({
    rows: await rowCounts(sys),
    policies: await sys.db('policy.company_policies').select('company_id', 'permissions', 'pipeline_ids').orderBy('company_id'),
    companies: await sys.db('policy.companies').select('id', 'extranet_enabled', 'grant_access').orderBy('id'),
    linkStatuses: await sys.db('policy.links').select('id', 'status').orderBy('id'),
  });
  let before: Awaited<ReturnType<typeof counts>>;

  beforeAll(async () => {
    sys = await startSystem();
    employee = await employeeAgent(sys);
    userId = (await employee.post('/api/governance/users', { login: 'emily.carter', email: DEMO.emily.email, firstName: 'Emily', lastName: 'Carter' })).body.id;
    client = new Agent(sys.gatewayUrl);
    expect((await client.post('/api/portal/login', { login: DEMO.danielUser.login, password: DEMO.danielUser.password })).status).toBe(201);
    before = await counts();
  });
  // Checked after each test, so a write is blamed on the request that made it.
  afterEach(async () => {
    expect(await counts(), 'the database after a refused request').toEqual(before);
  });
  afterAll(async () => {
    await sys?.stop();
  });

  const user = { login: 'new.user', email: 'new.user@example.test', firstName: 'New', lastName: 'User' };
  it.each([
    ['a missing login', { ...user, login: undefined }, 400, 'login'],
    ['a malformed login', { ...user, login: 'No Spaces!' }, 400, 'login'],
    ['an invalid email', { ...user, email: 'not-an-email' }, 400, 'email'],
    ['an empty first name', { ...user, firstName: '' }, 400, 'firstName'],
    ['a last name that is not text', { ...user, lastName: 42 }, 400, 'lastName'],
    ['an unknown field', { ...user, password: 'x' }, 400, 'password'],
    ['a login already taken', { ...user, login: 'emily.carter' }, 409, 'login'],
    ['an email already taken', { ...user, email: DEMO.emily.email }, 409, 'email'],
  ])('creating a user with %s is refused', async (_what, body, status, field) => {
    const res = await employee.post('/api/governance/users', body);
    expect(res.status).toBe(status);
    expect(res.body.error.details.field).toBe(field);
  });

  it('a body that is not JSON, or not sent as JSON, is refused', async () => {
    const garbled = await employee.post('/api/governance/users', '{"login": ');
    expect(garbled.status).toBe(400);
    expect(garbled.body.error.details.field).toBe('body');
    const form = await employee.fetch('/api/governance/users', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'login=x',
    });
    expect(form.status).toBe(415);
    const array = await employee.post('/api/governance/users', [1, 2]);
    expect(array.status).toBe(400);
  });

  const review = () => ({ userId, contactId: DEMO.emily.id, companyIds: [NL], defaultCompanyId: NL });
  it.each([
    ['a malformed user id', { userId: 'abc' }, 400, 'userId'],
    ['an unknown user', { userId: UNKNOWN }, 422, 'userId'],
    ['an unknown contact', { contactId: UNKNOWN }, 422, 'contactId'],
    ['no company', { companyIds: [] }, 400, 'companyIds'],
    ['an unknown company', { companyIds: [NL, UNKNOWN] }, 422, 'companyIds'],
    ['a repeated company', { companyIds: [NL, NL] }, 400, 'companyIds'],
    ['a default company not among the selected ones', { defaultCompanyId: DEMO.blueHarbor.id }, 400, 'defaultCompanyId'],
    ['a company the contact does not belong to', { companyIds: [NL, DEMO.blueHarbor.id] }, 422, 'companyIds'],
    ['the agency itself', { companyIds: [DEMO.agency.id], defaultCompanyId: DEMO.agency.id }, 422, 'companyIds'],
    ['a missing contact', { contactId: undefined }, 400, 'contactId'],
  ])('a review with %s is refused', async (_what, patch, status, field) => {
    const res = await employee.post('/api/governance/link-wizard/review', { ...review(), ...patch });
    expect(res.status).toBe(status);
    expect(res.body.error.details.field).toBe(field);
  });

  it('a confirm without a review, or with an unknown one, starts nothing', async () => {
    const missing = await employee.post('/api/governance/link-wizard/confirm', {});
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.field).toBe('reviewId');
    const unknown = await employee.post('/api/governance/link-wizard/confirm', { reviewId: UNKNOWN });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.details.field).toBe('reviewId');
    await expect(sys.gateway.temporal.workflow.getHandle(`onboarding-${UNKNOWN}`).describe()).rejects.toThrow(WorkflowNotFoundError);
  });

  it.each([
    ['a garbled token', { token: 'garbled', password: 'Strong-Password-1!' }, 400, 'token'],
    ['a well-formed token nobody issued', { token: 'A'.repeat(43), password: 'Strong-Password-1!' }, 400, 'token'],
    ['no password', { token: 'A'.repeat(43) }, 400, 'password'],
  ])('activation with %s is refused', async (_what, body, status, field) => {
    const res = await new Agent(sys.gatewayUrl).post('/api/portal/activate', body);
    expect(res.status).toBe(status);
    expect(res.body.error.details.field).toBe(field);
  });

  it('an unknown login and a wrong password get the same answer', async () => {
    const a = await new Agent(sys.gatewayUrl).post('/api/portal/login', { login: 'nobody.here', password: 'whatever-1A!' });
    const b = await new Agent(sys.gatewayUrl).post('/api/portal/login', { login: DEMO.danielUser.login, password: 'wrong-password-1A!' });
    try {
      expect(a.status).toBe(401);
      expect(b.status).toBe(401);
      expect(a.body).toEqual(b.body);
    } finally {
      await sys.db('identity.users').where({ login: DEMO.danielUser.login }).update({ failed_attempts: 0 });
      // Failed sign-ins are recorded in identity's audit log by design; nothing else may change.
      const [prev, after] = [before, await counts()];
      before = after;
      expect({ ...after, rows: { ...after.rows, 'identity.audit_log': prev.rows['identity.audit_log'] } }).toEqual(prev);
    }
  });

  it.each([
    ['no title', { companyId: DEMO.blueHarbor.id, pipelineId: DEMO.pipelines.support.id }, 400, 'title'],
    ['a pipeline not open to the client', { companyId: DEMO.blueHarbor.id, pipelineId: DEMO.pipelines.billing.id, title: 'x' }, 422, 'pipelineId'],
    ['another company', { companyId: NL, pipelineId: DEMO.pipelines.support.id, title: 'x' }, 422, 'companyId'],
    ['a malformed company id', { companyId: 'nl', pipelineId: DEMO.pipelines.support.id, title: 'x' }, 400, 'companyId'],
  ])('a client request with %s is refused', async (_what, body, status, field) => {
    const res = await client.post('/api/portal/requests', body);
    expect(res.status).toBe(status);
    expect(res.body.error.details.field).toBe(field);
  });

  it('an empty chat message is refused', async () => {
    const res = await client.post('/api/portal/requests/00000000-0000-4000-8000-000000000203/messages', { body: '' });
    expect(res.status).toBe(400);
    expect(res.body.error.details.field).toBe('body');
  });

  it('unknown or malformed ids are 404, never a server error', async () => {
    for (const path of [
      '/api/governance/links/not-a-uuid',
      `/api/governance/links/${UNKNOWN}`,
      `/api/governance/invitations/${UNKNOWN}`,
      '/api/governance/workflows/onboarding-x',
    ]) {
      expect((await employee.get(path)).status, path).toBe(404);
    }
    expect((await employee.post(`/api/governance/invitations/${UNKNOWN}/revoke`, {})).status).toBe(404);
    expect((await client.get('/api/portal/requests/not-a-uuid')).status).toBe(404);
    expect((await client.get(`/api/portal/documents/${UNKNOWN}`)).status).toBe(404);
  });

  it.each([
    ['a link status that does not exist', `/api/governance/links/${'00000000-0000-4000-8000-0000000000f2'}/status`, { status: 'paused' }, 400, 'status'],
    [
      'a company access with an unknown grant rule',
      `/api/governance/companies/${NL}/access/preview`,
      { extranetEnabled: true, grantAccess: 'everyone' },
      400,
      'grantAccess',
    ],
    [
      'a company access whose switch is not a boolean',
      `/api/governance/companies/${NL}/access`,
      { extranetEnabled: 'yes', grantAccess: 'administrators' },
      400,
      'extranetEnabled',
    ],
    ['a policy with an unknown field', `/api/governance/companies/${NL}/policy`, { permissions: [], pipelineIds: [], extra: 1 }, 400, 'extra'],
    [
      'link companies without any company',
      `/api/governance/links/${'00000000-0000-4000-8000-0000000000f2'}/companies`,
      { companyIds: [], defaultCompanyId: NL },
      400,
      'companyIds',
    ],
  ])('a governance change with %s is refused', async (_what, path, body, status, field) => {
    const res = await employee.post(path, body);
    expect(res.status).toBe(status);
    expect(res.body.error.details.field).toBe(field);
  });

  it('a channel link of an unknown kind is refused', async () => {
    const res = await client.post('/api/portal/channel-links', { kind: 'fax', externalRef: '123' });
    expect(res.status).toBe(400);
    expect(res.body.error.details.field).toBe('kind');
    const notAllowed = await client.post('/api/portal/channel-links', { kind: 'telegram', externalRef: '@daniel' });
    expect(notAllowed.status).toBe(403);
  });

  it('a link filter with an unknown status is refused', async () => {
    const res = await employee.get('/api/governance/links?status=paused');
    expect(res.status).toBe(400);
    expect(res.body.error.details.field).toBe('status');
  });

  it('a cross-site form post is refused before it reaches a service', async () => {
    const res = await client.fetch('/api/portal/requests', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://evil.test' },
      body: '{}',
    });
    expect(res.status).toBe(403);
    // Refused for where it came from, not for what it says: the same body from our own origin is a 400.
    expect((await res.json()).error).toMatchObject({ code: 'forbidden', message: 'cross-site request refused' });
    expect((await client.post('/api/portal/requests', {})).status).toBe(400);
  });
});
