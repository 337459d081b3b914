import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, signInEmployee } from './agent.js';
import { startSystem, type TestSystem } from './harness.js';
import { employeeAgent, onboardEmily } from './flows.js';
import { DEMO } from '../domain/demo.js';

describe('the onboarding checklist: links whose client signed in, until someone re-checks their access', () => {
  let sys: TestSystem;
  let olivia: Agent;
  let adam: Agent;

  beforeAll(async () => {
    sys = await startSystem();
    olivia = await employeeAgent(sys);
    adam = new Agent(sys.gatewayUrl);
    expect((await signInEmployee(adam, DEMO.manager.login, DEMO.manager.password)).status).toBe(200);
  });
  afterAll(async () => sys?.stop());

  it('lists a client after their first sign-in, only to who governs them, and forgets them once re-checked (audited)', async () => {
    const emily = await onboardEmily(sys, olivia);

    const list = (await olivia.get('/api/governance/onboarding-checklist')).body.links;
    const mine = list.find((l: { linkId: string }) => l.linkId === emily.linkId);
    expect(mine).toMatchObject({ user: { id: emily.userId }, contact: { id: DEMO.emily.id }, firstSignInAt: expect.any(String) });
    // Daniel's link was seeded without a sign-in: not on the list.
    expect(list.map((l: { linkId: string }) => l.linkId)).not.toContain(DEMO.danielLinkId);
    // Adam manages Blue Harbor only: Emily's link is not his to see or to check.
    expect((await adam.get('/api/governance/onboarding-checklist')).body.links.map((l: { linkId: string }) => l.linkId)).not.toContain(emily.linkId);
    expect((await adam.post(`/api/governance/links/${emily.linkId}/access-checked`, {})).status).toBe(403);

    expect((await olivia.post(`/api/governance/links/${emily.linkId}/access-checked`, {})).status).toBe(200);
    expect((await olivia.get('/api/governance/onboarding-checklist')).body.links.map((l: { linkId: string }) => l.linkId)).not.toContain(emily.linkId);
    const trail = (await olivia.get(`/api/governance/audit?linkId=${emily.linkId}`)).body;
    expect(JSON.stringify(trail)).toContain('link.access_checked');
    expect((await olivia.post('/api/governance/links/nope/access-checked', {})).status).toBe(404);
  });
});
