import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from './agent.js';
import { startSystem, type TestSystem } from './harness.js';
import { employeeAgent } from './flows.js';
import { DEMO } from '../domain/demo.js';
import { DEV_INTERNAL_SECRET } from '../lib/config.js';
import type { Actor } from '../internal/actor.js';
import { signActor } from '../internal/token.js';

const BH = DEMO.blueHarbor.id;
const SUPPORT = DEMO.pipelines.support.id;

/**
 * The gateway keeps a client's session and scope between requests (60 s by
 * default, as deployed); the services that read data for the client check both
 * again in their own query. These tests warm the kept copy first, then change
 * what it says behind the gateway's back.
 */
describe('kept sessions and scopes, checked again where the data is read', () => {
  let sys: TestSystem;
  let employee: Agent;
  const danielAgent = async () => {
    const a = new Agent(sys.gatewayUrl);
    expect((await a.post('/api/portal/login', { login: DEMO.danielUser.login, password: DEMO.danielUser.password })).status).toBe(201);
    return a;
  };
  const requestIds = async (a: Agent) => {
    const res = await a.get('/api/portal/requests');
    return { status: res.status, ids: ((res.body.requests ?? []) as { id: string; pipelineId: string }[]).map((r) => r.pipelineId) };
  };

  beforeAll(async () => {
    sys = await startSystem();
    employee = await employeeAgent(sys);
  });
  afterAll(async () => sys?.stop());

  it('a policy change counts on the very next request, though the gateway still keeps the old scope', async () => {
    const daniel = await danielAgent();
    expect((await requestIds(daniel)).ids).toContain(SUPPORT);
    const policy = `/api/governance/contacts/${DEMO.daniel.id}/policies/${BH}`;
    const before = (await employee.get(policy)).body;
    expect((await employee.post(policy, { permissions: before.permissions, pipelineIds: [] })).status).toBe(200);
    const after = await requestIds(daniel);
    expect(after.status).toBe(200);
    expect(after.ids).not.toContain(SUPPORT);
    expect((await employee.post(policy, { permissions: before.permissions, pipelineIds: before.pipelineIds })).status).toBe(200);
    expect((await requestIds(daniel)).ids).toContain(SUPPORT);
  });

  it('sessions an employee ends stop the next request', async () => {
    const daniel = await danielAgent();
    expect((await requestIds(daniel)).status).toBe(200);
    expect((await employee.post(`/api/governance/links/${DEMO.danielLinkId}/sessions/end`, {})).status).toBe(200);
    expect((await requestIds(daniel)).status).toBe(401);
  });

  it('a session ended elsewhere stops the next request: a cookie replayed after sign-out gets 401', async () => {
    const daniel = await danielAgent();
    expect((await requestIds(daniel)).status).toBe(200);
    const host = new URL(sys.gatewayUrl).host;
    const copy = new Agent(sys.gatewayUrl);
    copy.cookies.set(host, new Map(daniel.cookies.get(host)));
    expect((await daniel.post('/api/portal/logout', {})).status).toBe(200);
    const replay = await copy.get('/api/portal/requests');
    expect(replay.status).toBe(401);
    expect(replay.body.error.code).toBe('unauthenticated');
  });

  it('a refresh rotates the access token: the old cookie stops on the next request, though the gateway still keeps it', async () => {
    const daniel = await danielAgent();
    expect((await requestIds(daniel)).status).toBe(200);
    const host = new URL(sys.gatewayUrl).host;
    const stolen = new Agent(sys.gatewayUrl);
    stolen.cookies.set(host, new Map(daniel.cookies.get(host)));
    expect((await daniel.post('/api/portal/refresh', {})).status).toBe(201);
    expect((await requestIds(daniel)).status).toBe(200);
    expect((await stolen.get('/api/portal/requests')).status).toBe(401);
  });

  describe('what a service demands of a client actor', () => {
    const scope = [{ companyId: BH, permissions: ['requestChatRead' as const], pipelineIds: [SUPPORT] }];
    const client = (vouch: unknown): Actor =>
      ({
        kind: 'client',
        id: DEMO.danielUser.id,
        name: 'Daniel Brooks',
        linkId: DEMO.danielLinkId,
        contactId: DEMO.daniel.id,
        companies: scope,
        vouch,
      }) as Actor;
    const call = async (service: 'requests' | 'identity' | 'policy', actor: Actor, method = 'GET', path = '/portal/requests') =>
      fetch(`${sys.services[service].url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${await signActor(DEV_INTERNAL_SECRET, actor, { audience: service, issuer: 'gateway' })}`,
          'content-type': 'application/json',
        },
        body: method === 'GET' ? undefined : '{}',
      });
    const liveSession = async () => {
      const daniel = await danielAgent();
      const host = new URL(sys.gatewayUrl).host;
      const token = daniel.cookies.get(host)!.get('extranet_session')!.split('.')[1]!;
      const row = await sys.db
        .withSchema('identity')
        .from('sessions')
        .where({ user_id: DEMO.danielUser.id })
        .whereNull('ended_at')
        .orderBy('created_at', 'desc')
        .first();
      return { daniel, token, tokenHash: createHash('sha256').update(token).digest('hex'), sessionId: row.id as string };
    };
    const epoch = async () => String((await sys.db.raw('select policy.access_epoch() as e')).rows[0].e);

    it('a live session at the current epoch is served; a stale epoch gets 409, an ended or foreign session 401', async () => {
      const { daniel, sessionId, tokenHash } = await liveSession();
      expect((await call('requests', client({ source: 'session', sessionId, tokenHash, accessEpoch: await epoch() }))).status).toBe(200);
      const stale = await call('requests', client({ source: 'session', sessionId, tokenHash, accessEpoch: String(Number(await epoch()) - 1) }));
      expect(stale.status).toBe(409);
      expect((await stale.json()).error.code).toBe('access_changed');
      const other = { ...client({ source: 'session', sessionId, tokenHash, accessEpoch: await epoch() }), id: DEMO.employee.id } as Actor;
      expect((await call('requests', other)).status).toBe(401);
      expect((await daniel.post('/api/portal/logout', {})).status).toBe(200);
      const ended = await call('requests', client({ source: 'session', sessionId, tokenHash, accessEpoch: await epoch() }));
      expect(ended.status).toBe(401);
      expect((await ended.json()).error.code).toBe('session_ended');
    });

    it('a client actor without a voucher is no actor; view-as reads only; identity and policy serve no clients', async () => {
      const { sessionId, tokenHash } = await liveSession();
      expect((await call('requests', client(undefined))).status).toBe(401);
      expect((await call('requests', client({ source: 'session', sessionId }))).status).toBe(401);
      const viewAs = client({ source: 'view-as', employeeId: DEMO.employee.id });
      expect((await call('requests', viewAs)).status).toBe(200);
      const before = await sys.db.withSchema('requests').from('requests').count({ n: '*' });
      const write = await call('requests', viewAs, 'POST', '/portal/requests');
      expect(write.status).toBe(403);
      expect(await sys.db.withSchema('requests').from('requests').count({ n: '*' })).toEqual(before);
      const session = client({ source: 'session', sessionId, tokenHash, accessEpoch: await epoch() });
      expect((await call('identity', session, 'GET', '/employees')).status).toBe(403);
      expect((await call('policy', session, 'GET', '/links')).status).toBe(403);
    });
  });
});
