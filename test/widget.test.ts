import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent } from './agent.js';
import { startSystem, type TestSystem } from './harness.js';
import { employeeAgent, onboardEmily } from './flows.js';
import { DEMO } from '../domain/demo.js';
import { STARTER_PERMISSIONS } from '../domain/vocabulary.js';

const NL = DEMO.northernLight.id;
const SITE = 'https://shop.northern-light.test';

describe('the website widget: a key for the client’s own sites posts into the general channel', () => {
  let sys: TestSystem;
  let olivia: Agent;
  let emily: Awaited<ReturnType<typeof onboardEmily>>;
  const post = (body: unknown, origin: string | null = SITE) =>
    fetch(`${sys.gatewayUrl}/api/widget/messages`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', ...(origin ? { origin } : {}) },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  beforeAll(async () => {
    sys = await startSystem();
    olivia = await employeeAgent(sys);
    emily = await onboardEmily(sys, olivia);
  });
  afterAll(async () => sys?.stop());

  it('makes a key only where the policy allows the widget, for well-formed origins', async () => {
    expect((await emily.client.post('/api/portal/channel-links/widget', { origins: [SITE] })).status).toBe(403);
    const allow = await olivia.post(`/api/governance/contacts/${DEMO.emily.id}/policies/${NL}`, {
      permissions: [...STARTER_PERMISSIONS, 'generalChat', 'widget'],
      pipelineIds: [DEMO.pipelines.support.id],
    });
    expect(allow.status, JSON.stringify(allow.body)).toBe(200);
    const bad = await emily.client.post('/api/portal/channel-links/widget', { origins: ['javascript:alert(1)'] });
    expect([bad.status, bad.body.error.details.field]).toEqual([400, 'origins']);
    const keyless = await emily.client.post('/api/portal/channel-links', { kind: 'widget', externalRef: SITE });
    expect([keyless.status, keyless.body.error.details.field]).toEqual([422, 'kind']);
  });

  it('posts from the key’s site only, attributed to the client; limits the rate; stops once revoked', async () => {
    const made = await emily.client.post('/api/portal/channel-links/widget', { origins: [`${SITE}/shop`] });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ origins: [SITE], key: expect.stringMatching(/^[A-Za-z0-9_-]{32}$/) });
    const key = made.body.key as string;

    const elsewhere = await post({ key, text: 'hello' }, 'https://evil.test');
    expect(elsewhere.status).toBe(401);
    expect(elsewhere.headers.get('access-control-allow-origin')).toBeNull();
    expect((await post({ key, text: 'hello' }, null)).status).toBe(403);
    expect((await post({ key: 'not-the-key', text: 'hello' })).status).toBe(401);
    expect((await post('not json')).status).toBe(400);

    const ok = await post({ key, text: 'The pump in hall 2 is leaking again' });
    expect(ok.status).toBe(201);
    expect(ok.headers.get('access-control-allow-origin')).toBe(SITE);
    const channel = (await olivia.get(`/api/governance/companies/${NL}/channel/messages`)).body.messages;
    expect(channel.at(-1)).toMatchObject({ authorKind: 'client', authorName: 'Emily Carter', body: 'The pump in hall 2 is leaking again' });

    let status = 201;
    for (let i = 0; i < 20 && status === 201; i++) status = (await post({ key, text: `message ${i}` })).status;
    expect(status).toBe(429);

    const link = (await olivia.get(`/api/governance/channel-links?kind=widget&status=active`)).body.channelLinks[0];
    expect(link).toMatchObject({ linkId: emily.linkId, externalRef: SITE });
    expect((await olivia.post(`/api/governance/channel-links/${link.id}/revoke`, {})).status).toBe(200);
    expect((await post({ key, text: 'after the revocation' })).status).toBe(401);
  });

  it('serves the embeddable script, usable from other sites', async () => {
    const res = await fetch(`${sys.gatewayUrl}/widget.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/javascript/);
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(await res.text()).toContain(`${sys.gatewayUrl}/api/widget/messages`);
  });
});
