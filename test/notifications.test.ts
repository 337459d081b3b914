import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, eventually } from './agent.js';
import { startSystem, type TestSystem } from './harness.js';
import { employeeAgent, onboardEmily, publishFor } from './flows.js';
import { DEMO } from '../domain/demo.js';
import { STARTER_PERMISSIONS } from '../domain/vocabulary.js';
import { statusQuery } from '../workflows/messages.js';
import { notifyWorkflowId } from '../workflows/notify/ids.js';
import type { CaughtMail } from '../deploy/local/mailcatcher.js';

const NL = DEMO.northernLight.id;
const SUPPORT = DEMO.pipelines.support.id;
const WINDOW_SECONDS = 4;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('notifications: batched per recipient, checked again at send time', () => {
  let sys: TestSystem;
  let olivia: Agent;
  let emily: Awaited<ReturnType<typeof onboardEmily>>;
  let request: { id: string; title: string };

  const mailsTo = (to: string, since: number) => sys.mail.messages().filter((m) => m.to.includes(to) && Date.parse(m.receivedAt) >= since);
  const nextMail = (to: string, since: number, what: string) => eventually(async () => mailsTo(to, since)[0], 30_000, what) as Promise<CaughtMail>;
  const feed = async (agent: Agent, side: 'portal' | 'governance') => (await agent.get(`/api/${side}/notifications`)).body;
  const notify = () => sys.gateway.temporal.workflow.getHandle(notifyWorkflowId(emily.userId, sys.taskQueue));

  /** A published Northern Light document asking Emily to review it: an event she hears of. */
  const publishForReview = (title: string) => publishFor(olivia, title, 'review');

  beforeAll(async () => {
    sys = await startSystem({ notifyWindowSeconds: WINDOW_SECONDS });
    olivia = await employeeAgent(sys);
    emily = await onboardEmily(sys, olivia);
    request = await sys.db('requests.requests').where({ company_id: NL, pipeline_id: SUPPORT }).first();
  });
  afterAll(async () => sys?.stop());

  it('gathers a window’s events into one email and one feed; an internal comment tells the client nothing', async () => {
    const since = Date.now();
    expect((await olivia.post(`/api/governance/requests/${request.id}/messages`, { text: 'We are on it', internal: false })).status).toBe(201);
    expect((await olivia.post(`/api/governance/requests/${request.id}/messages`, { text: 'Costs us 300 EUR', internal: true })).status).toBe(201);
    expect((await olivia.post(`/api/governance/requests/${request.id}/messages`, { text: 'Photos please', internal: false })).status).toBe(201);
    const status = await olivia.post(`/api/governance/requests/${request.id}/status`, {
      status: 'waiting_for_client',
      nextStep: 'Send two photos of the pump',
    });
    expect(status.status).toBe(200);

    const mail = await nextMail(emily.email, since, 'the batch email');
    expect(mail.subject).toBe('3 updates in the Extranet');
    expect(mail.text).toContain('Next step for you: Send two photos of the pump');
    expect(mail.text).not.toMatch(/300 EUR|Costs us/);
    await sleep(WINDOW_SECONDS * 1000 + 1500);
    expect(mailsTo(emily.email, since)).toHaveLength(1);

    const mine = await feed(emily.client, 'portal');
    expect(mine.unread).toBe(3);
    expect(mine.notifications.map((n: { kind: string }) => n.kind).sort()).toEqual(['request_reply', 'request_reply', 'request_status']);
    expect(JSON.stringify(mine)).not.toMatch(/300 EUR/);
    expect((await emily.client.post('/api/portal/notifications/read', { ids: [mine.notifications[0].id] })).body.marked).toBe(1);
    expect((await feed(emily.client, 'portal')).unread).toBe(2);
    await emily.client.post('/api/portal/notifications/read', {});
    expect((await feed(emily.client, 'portal')).unread).toBe(0);
    // Nobody reads another's feed: the recipient is the session's, whatever the body says.
    expect((await emily.client.post('/api/portal/notifications/read', { ids: ['nope'] })).status).toBe(400);
  });

  it('tells the team of a client’s message and new request, in Governance and by email', async () => {
    const since = Date.now();
    expect((await emily.client.post(`/api/portal/requests/${request.id}/messages`, { body: 'Here are the photos' })).status).toBe(201);
    const created = await emily.client.post('/api/portal/requests', { companyId: NL, pipelineId: SUPPORT, title: 'Second pump', fields: { urgency: 'high' } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const mail = await nextMail(DEMO.employee.email, since, 'the team email');
    expect(mail.subject).toBe('2 updates in the Extranet');
    const team = await feed(olivia, 'governance');
    expect(team.notifications.map((n: { kind: string }) => n.kind).sort()).toEqual(['client_message', 'request_created']);
    expect(team.notifications.find((n: { kind: string }) => n.kind === 'request_created').title).toContain('Second pump');
    // Emily is not told of her own acts.
    expect(mailsTo(emily.email, since)).toEqual([]);
  });

  it('keeps a kind out of email when the client says so; it stays in the feed', async () => {
    const off = await emily.client.post('/api/portal/notification-settings', { settings: [{ kind: 'request_reply', email: false }] });
    expect(off.body.settings).toContainEqual({ kind: 'request_reply', email: false, telegram: false });
    expect((await emily.client.post('/api/portal/notification-settings', { settings: [{ kind: 'client_message', email: false }] })).status).toBe(400);
    const since = Date.now();
    await olivia.post(`/api/governance/requests/${request.id}/messages`, { text: 'Thanks for the photos', internal: false });
    await olivia.post(`/api/governance/requests/${request.id}/status`, { status: 'in_progress', nextStep: '' });
    const mail = await nextMail(emily.email, since, 'the status email');
    expect(mail.subject).toMatch(/is now in progress/);
    expect(mail.text).not.toContain('New reply');
    expect(
      (await feed(emily.client, 'portal')).notifications
        .slice(0, 2)
        .map((n: { kind: string }) => n.kind)
        .sort(),
    ).toEqual(['request_reply', 'request_status']);
  });

  it('shows the events waiting for the next batch to an operator; a worker stopped mid-batch loses and doubles nothing', async () => {
    const since = Date.now();
    await olivia.post(`/api/governance/requests/${request.id}/status`, { status: 'waiting_for_client', nextStep: 'Confirm the visit' });
    const pending = await eventually(async () => {
      const s = await notify().query(statusQuery);
      return s.pending?.length ? s : undefined;
    });
    expect(pending.pending).toEqual([expect.objectContaining({ kind: 'request_status', requestId: request.id })]);
    await sys.stopWorker();
    try {
      await sleep(WINDOW_SECONDS * 1000 + 1000);
      expect(mailsTo(emily.email, since)).toEqual([]);
    } finally {
      await sys.startWorker();
    }
    const mail = await nextMail(emily.email, since, 'the batch after the restart');
    expect(mail.text).toContain('Confirm the visit');
    await sleep(WINDOW_SECONDS * 1000 + 1500);
    expect(mailsTo(emily.email, since)).toHaveLength(1);
  });

  it('sends nothing of a request whose pipeline the client lost between the event and the send', async () => {
    const since = Date.now();
    await olivia.post(`/api/governance/requests/${request.id}/status`, { status: 'resolved', nextStep: '' });
    // Before the window ends, Emily loses the Support pipeline; then a document reaches her in the same window.
    const lost = await olivia.post(`/api/governance/contacts/${DEMO.emily.id}/policies/${NL}`, { permissions: [...STARTER_PERMISSIONS], pipelineIds: [] });
    expect(lost.status, JSON.stringify(lost.body)).toBe(200);
    await publishForReview('Visit checklist');
    const mail = await nextMail(emily.email, since, 'the document email');
    expect(mail.subject).toContain('Visit checklist');
    expect(mail.text).not.toContain(request.title);
    const latest = (await feed(emily.client, 'portal')).notifications[0];
    expect(latest).toMatchObject({ kind: 'document_action', url: expect.stringMatching(/^\/extranet\/documents\//) });
    expect(JSON.stringify((await feed(emily.client, 'portal')).notifications)).not.toContain('is now resolved');
  });
});
