import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, eventually, signInEmployee } from './agent.js';
import { startSystem, type TestSystem } from './harness.js';
import { employeeAgent, onboardEmily } from './flows.js';
import { DEMO } from '../domain/demo.js';
import { STARTER_PERMISSIONS } from '../domain/vocabulary.js';

const NL = DEMO.northernLight.id;
const SUPPORT = DEMO.pipelines.support.id;
const TOKEN = '123456:test-bot-token';
const SECRET = 'webhook-secret-0123456789';
const CHAT = 4242;

/** A real HTTP server on loopback standing in for the Telegram Bot API: it keeps every call it receives. */
async function fakeBotApi(): Promise<{ url: string; calls: { path: string; body: Record<string, unknown> }[]; server: Server }> {
  const calls: { path: string; body: Record<string, unknown> }[] = [];
  const server = createServer((req, res) => {
    let data = '';
    req.on('data', (c) => (data += c));
    req.on('end', () => {
      calls.push({ path: req.url ?? '', body: JSON.parse(data || '{}') });
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ ok: true, result: { message_id: calls.length } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, calls, server };
}

describe('Telegram: a one-time code binds a chat; notifications go there until the connection is revoked', () => {
  let sys: TestSystem;
  let bot: Awaited<ReturnType<typeof fakeBotApi>>;
  let olivia: Agent;
  let emily: Awaited<ReturnType<typeof onboardEmily>>;
  let request: { id: string; title: string };
  const webhook = (update: unknown, secret = SECRET) =>
    fetch(`${sys.gatewayUrl}/api/channels/telegram/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(secret ? { 'x-telegram-bot-api-secret-token': secret } : {}) },
      body: JSON.stringify(update),
    });
  const toChat = () => bot.calls.filter((c) => c.path === `/bot${TOKEN}/sendMessage` && c.body.chat_id === String(CHAT));

  beforeAll(async () => {
    bot = await fakeBotApi();
    sys = await startSystem({ telegram: { apiUrl: bot.url, token: TOKEN, secret: SECRET } });
    olivia = await employeeAgent(sys);
    emily = await onboardEmily(sys, olivia);
    request = await sys.db('requests.requests').where({ company_id: NL, pipeline_id: SUPPORT }).first();
  });
  afterAll(async () => {
    await sys?.stop();
    bot?.server.close();
  });

  it('offers a code only where the policy allows Telegram, and binds the chat that sends it to the bot', async () => {
    expect((await emily.client.post('/api/portal/channel-links/telegram', {})).status).toBe(403);
    const allow = await olivia.post(`/api/governance/contacts/${DEMO.emily.id}/policies/${NL}`, {
      permissions: [...STARTER_PERMISSIONS, 'telegram'],
      pipelineIds: [SUPPORT],
    });
    expect(allow.status, JSON.stringify(allow.body)).toBe(200);
    // A chat id typed in could be anybody's: only the chat that sends the code is connected.
    const typed = await emily.client.post('/api/portal/channel-links', { kind: 'telegram', externalRef: '12345' });
    expect([typed.status, typed.body.error.details.field]).toEqual([422, 'kind']);
    const issued = await emily.client.post('/api/portal/channel-links/telegram', {});
    expect(issued.status).toBe(201);
    expect(issued.body).toMatchObject({ code: expect.stringMatching(/^[A-Za-z0-9_-]{12}$/), botName: 'VectorExtranetBot' });
    const start = { update_id: 1, message: { chat: { id: CHAT }, text: `/start ${issued.body.code}` } };

    expect((await webhook(start, '')).status).toBe(401);
    expect((await webhook(start, 'wrong-secret-0123456789')).status).toBe(401);
    const bound = await webhook(start);
    expect(bound.status).toBe(200);
    expect(await bound.json()).toMatchObject({ method: 'sendMessage', chat_id: CHAT, text: expect.stringMatching(/^Connected/) });
    // A code works once.
    expect(await (await webhook({ ...start, message: { ...start.message, chat: { id: 999 } } })).json()).toMatchObject({
      text: expect.stringMatching(/unknown/),
    });
    // Anything else the bot is sent is acknowledged and ignored.
    expect((await webhook({ update_id: 2, message: { chat: { id: CHAT }, text: 'hello' } })).status).toBe(200);

    const links = (await olivia.get(`/api/governance/links/${emily.linkId}`)).body.channelLinks;
    expect(links).toEqual([expect.objectContaining({ kind: 'telegram', externalRef: String(CHAT), status: 'active' })]);
    // Governance lists every connection across the clients an employee governs, filtered.
    const all = await olivia.get(`/api/governance/channel-links?kind=telegram&status=active&companyId=${NL}`);
    expect(all.body.channelLinks).toEqual([
      expect.objectContaining({ linkId: emily.linkId, kind: 'telegram', status: 'active', contactName: 'Emily Carter', companyNames: ['Northern Light'] }),
    ]);
    expect((await olivia.get(`/api/governance/channel-links?companyId=${DEMO.blueHarbor.id}&kind=telegram`)).body.channelLinks).toEqual([]);
    expect((await olivia.get('/api/governance/channel-links?status=paused')).body.error.details.field).toBe('status');
    const adam = new Agent(sys.gatewayUrl);
    expect((await signInEmployee(adam, DEMO.manager.login, DEMO.manager.password)).status).toBe(200);
    expect(JSON.stringify((await adam.get('/api/governance/channel-links')).body)).not.toContain(emily.linkId);
    const daniel = new Agent(sys.gatewayUrl);
    await daniel.post('/api/portal/login', { login: DEMO.danielUser.login, password: DEMO.danielUser.password });
    expect((await daniel.post('/api/portal/channel-links/telegram', {})).status).toBe(403);
  });

  it('sends a batch to the chat through the Bot API, and stops on the next event once the connection is revoked', async () => {
    await olivia.post(`/api/governance/requests/${request.id}/status`, { status: 'waiting_for_client', nextStep: 'Send the serial number' });
    const [message] = await eventually(async () => (toChat().length ? toChat() : undefined), 30_000, 'the Telegram message');
    expect(message!.body.text).toContain('Send the serial number');
    expect(message!.body.text).toContain(request.title);

    const link = (await olivia.get(`/api/governance/links/${emily.linkId}`)).body.channelLinks[0];
    expect((await olivia.post(`/api/governance/channel-links/${link.id}/revoke`, {})).status).toBe(200);
    const since = Date.now();
    await olivia.post(`/api/governance/requests/${request.id}/status`, { status: 'in_progress', nextStep: '' });
    // The email of the same batch arrives; the chat hears nothing more.
    await eventually(async () =>
      sys.mail.messages().find((m) => m.to.includes(emily.email) && Date.parse(m.receivedAt) >= since && /in progress/.test(m.subject)),
    );
    expect(toChat()).toHaveLength(1);
  });
});
