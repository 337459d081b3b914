import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type Router from '@koa/router';
import { Agent } from './agent.js';
import { rowCounts } from './db-snapshot.js';
import { startSystem, type TestSystem } from './harness.js';
import { employeeAgent, onboardEmily } from './flows.js';
import { DEMO } from '../domain/demo.js';

/** Every route of a router as [method, path template]; new endpoints are covered without editing this test. */
function routesOf(routers: Router | Router[]): [string, string][] {
  return [routers]
    .flat()
    .flatMap((r) => r.stack)
    .flatMap((layer) => layer.methods.filter((m) => m !== 'HEAD').map((m) => [m, layer.path] as [string, string]));
}
const fill = (path: string, id: string) => path.replace(/:[A-Za-z]+/g, id);

describe('the trust boundary', () => {
  let sys: TestSystem;
  let employee: Agent;
  let emily: Agent;
  let daniel: Agent;

  beforeAll(async () => {
    sys = await startSystem();
    employee = await employeeAgent(sys);
    emily = (await onboardEmily(sys, employee)).client;
    daniel = new Agent(sys.gatewayUrl);
    expect((await daniel.post('/api/portal/login', { login: DEMO.danielUser.login, password: DEMO.danielUser.password })).status).toBe(201);
  });
  afterAll(async () => sys?.stop());

  it('every governance endpoint refuses unauthenticated callers and clients, and writes nothing', async () => {
    const routes = routesOf(sys.gateway.routers.governance);
    expect(routes.length).toBeGreaterThan(30);
    const before = await rowCounts(sys);
    for (const [method, template] of routes) {
      const path = fill(template, DEMO.blueHarbor.id);
      const anon = await new Agent(sys.gatewayUrl).json(method, path, method === 'GET' ? undefined : {});
      expect(anon.status, `${method} ${path} without sign-in`).toBe(401);
      const asClient = await daniel.json(method, path, method === 'GET' ? undefined : {});
      expect(asClient.status, `${method} ${path} as a client`).toBe(403);
    }
    expect(await rowCounts(sys)).toEqual(before);
  });

  it('no portal endpoint returns anything of another company, whatever ids a client tries', async () => {
    const foreignRequests = (await daniel.get('/api/portal/requests')).body.requests.map((r: { id: string }) => r.id) as string[];
    const foreignDocs = (await daniel.get('/api/portal/documents')).body.documents.map((d: { id: string }) => d.id) as string[];
    const ids = fc.oneof(
      fc.uuid(),
      fc.constantFrom(...foreignRequests, ...foreignDocs),
      fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s !== '.' && s !== '..'),
    );
    const routes = routesOf(sys.gateway.routers.portal).filter(([, p]) => p.includes(':'));
    expect(routes.length).toBeGreaterThan(3);
    const before = await rowCounts(sys);
    await fc.assert(
      fc.asyncProperty(ids, async (id) => {
        for (const [method, template] of routes) {
          const res = await emily.json(method, fill(template, encodeURIComponent(id)), method === 'GET' ? undefined : { body: 'hello' });
          expect([400, 403, 404], `${method} ${template} with ${id}`).toContain(res.status);
          expect(JSON.stringify(res.body)).not.toMatch(/Harbor|Blue Harbor|Invoice 2026-114/);
        }
      }),
      { numRuns: 40 },
    );
    expect(await rowCounts(sys)).toEqual(before);
    const lists = await Promise.all(['/api/portal/requests', '/api/portal/documents', '/api/portal/pipelines', '/api/portal/me'].map((p) => emily.get(p)));
    for (const l of lists) {
      // Answered for Emily, not refused: a refusal would contain no foreign id either.
      expect(l.status).toBe(200);
      expect(JSON.stringify(l.body)).not.toContain(DEMO.blueHarbor.id);
    }
  });

  it('the internal services refuse callers without a valid internal token', async () => {
    for (const svc of Object.values(sys.services)) {
      const none = await fetch(`${svc.url}/links`);
      expect(none.status).toBe(401);
      const forged = await fetch(`${svc.url}/links`, { headers: { authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJhY3RvciI6eyJraW5kIjoic3lzdGVtIn19.' } });
      expect(forged.status).toBe(401);
    }
  });

  it('sets the session cookies HttpOnly and SameSite, and never exposes tokens to scripts', async () => {
    const res = await new Agent(sys.gatewayUrl).fetch('/api/portal/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: DEMO.danielUser.login, password: DEMO.danielUser.password }),
    });
    const cookies = res.headers.getSetCookie();
    expect(cookies).toHaveLength(2);
    for (const c of cookies) {
      expect(c).toMatch(/httponly/i);
      expect(c).toMatch(/samesite=lax/i);
    }
    expect(cookies.find((c) => c.startsWith('extranet_refresh='))).toMatch(/path=\/api\/portal\/refresh/);
    expect(JSON.stringify(await res.json())).not.toMatch(/token/i);
  });
});
