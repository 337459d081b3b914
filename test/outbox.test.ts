import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, eventually } from './agent.js';
import { startSystem, type TestSystem } from './harness.js';
import { employeeAgent, onboardEmily } from './flows.js';
import { DEMO } from '../domain/demo.js';
import { rowCounts } from './db-snapshot.js';
import { DEV_INTERNAL_SECRET } from '../lib/config.js';
import { ServiceClient, ServiceError } from '../internal/client.js';
import { type OutboxSource, outboxSource } from '../internal/clients/outbox.js';
import { fanOutWorkflowId } from '../workflows/notify/ids.js';
import { outboxRelay } from '../workflows/notify/relay.js';

const NL = DEMO.northernLight.id;
const SUPPORT = DEMO.pipelines.support.id;
const WINDOW_SECONDS = 2;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The events that notify people are written in the same transaction as the
 * change they tell of, and the worker's relay hands them to Temporal: a
 * Temporal that cannot be reached delays a notification, it loses none, and
 * a relay stopped between starting a fan-out and clearing the event sends
 * nothing twice.
 */
describe('notification events: an outbox in the service, relayed into Temporal', () => {
  let sys: TestSystem;
  let olivia: Agent;
  let emily: Awaited<ReturnType<typeof onboardEmily>>;
  let request: { id: string };
  let requests: ServiceClient;

  const outbox = () => sys.db('requests.outbox').whereNull('handed_at').orderBy('created_at');
  const mailsTo = (to: string, since: number) => sys.mail.messages().filter((m) => m.to.includes(to) && Date.parse(m.receivedAt) >= since);
  const relayWith = (source: OutboxSource, temporal = () => Promise.resolve(sys.gateway.temporal)) =>
    outboxRelay({ sources: [source], temporal, taskQueue: sys.taskQueue, windowSeconds: WINDOW_SECONDS, intervalMs: 50 });

  beforeAll(async () => {
    sys = await startSystem({ notifyWindowSeconds: WINDOW_SECONDS });
    olivia = await employeeAgent(sys);
    emily = await onboardEmily(sys, olivia);
    request = await sys.db('requests.requests').where({ company_id: NL, pipeline_id: SUPPORT }).first();
    requests = new ServiceClient('requests', sys.services.requests.url, DEV_INTERNAL_SECRET, 'worker');
  });
  afterAll(async () => {
    await requests?.close();
    await sys?.stop();
  });

  it('writes an event with the change and none with a refused one or an internal comment', async () => {
    // No worker, no relay: what the change wrote stays where it was written.
    await sys.stopWorker();
    const since = Date.now();
    try {
      const written = await rowCounts(sys);
      expect(await outbox()).toEqual([]);
      expect((await olivia.post(`/api/governance/requests/${request.id}/messages`, { text: 'Only for us', internal: true })).status).toBe(201);
      const refused = await olivia.post(`/api/governance/requests/${request.id}/status`, { status: 'waiting_for_client', nextStep: '' });
      expect(refused.status).toBe(400);
      expect(await outbox()).toEqual([]);
      expect((await rowCounts(sys))['requests.outbox']).toBe(written['requests.outbox']);
      expect((await olivia.post(`/api/governance/requests/${request.id}/messages`, { text: 'We are on it', internal: false })).status).toBe(201);
      expect(await outbox()).toEqual([expect.objectContaining({ kind: 'request_reply', company_id: NL, request_id: request.id, actor_id: DEMO.employee.id })]);
    } finally {
      await sys.startWorker();
    }
    // The worker's relay takes it, and the reply reaches Emily.
    await eventually(async () => ((await outbox()).length === 0 ? true : undefined), 10_000, 'the outbox emptied');
    const mail = await eventually(async () => mailsTo(emily.email, since)[0], 30_000, 'the reply email');
    expect(mail.subject).toMatch(/New reply in/);
    expect(mail.text).not.toContain('Only for us');
  });

  it('keeps events while Temporal cannot be reached, and sends each once when it can', async () => {
    await sys.stopWorker();
    const since = Date.now();
    let sent: string[] = [];
    try {
      expect(
        (await olivia.post(`/api/governance/requests/${request.id}/status`, { status: 'waiting_for_client', nextStep: 'Send the serial number' })).status,
      ).toBe(200);
      const [event] = await outbox();
      const unreachable = relayWith(outboxSource(requests), () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:7233')));
      expect(await unreachable.pass()).toBe(0);
      expect((await outbox()).map((e) => e.id)).toEqual([event.id]);

      // The fan-out starts, then the relay stops before the event leaves the outbox.
      let crashes = 1;
      const source = outboxSource(requests);
      const crashing: OutboxSource = {
        ...source,
        handed: (ids) => (crashes-- > 0 ? Promise.reject(new Error('the relay stopped')) : source.handed(ids)),
      };
      const relay = relayWith(crashing);
      expect(await relay.pass()).toBe(0);
      expect((await outbox()).map((e) => e.id)).toEqual([event.id]);
      // The fan-out runs to its end (a worker without its relay) …
      await sys.startWorker({ relay: false });
      await sys.gateway.temporal.workflow.getHandle(fanOutWorkflowId(event.id)).result();
      // … and the event, read again, starts no second one: it only leaves the outbox.
      expect(await relay.pass()).toBe(1);
      expect(await outbox()).toEqual([]);
      sent = [event.id];
    } finally {
      await sys.stopWorker();
      await sys.startWorker();
    }
    const runsOf = async (workflowId: string) => {
      const runs = [];
      for await (const w of sys.gateway.temporal.workflow.list({ query: `WorkflowId = '${workflowId}'` })) runs.push(w);
      return runs.length ? runs : undefined;
    };
    expect(await eventually(() => runsOf(fanOutWorkflowId(sent[0]!)), 10_000, 'the fan-out in the visibility store')).toHaveLength(1);
    const mail = await eventually(async () => mailsTo(emily.email, since)[0], 30_000, 'the status email');
    expect(mail.text).toContain('Send the serial number');
    await sleep(WINDOW_SECONDS * 1000 + 1500);
    expect(mailsTo(emily.email, since)).toHaveLength(1);
  });

  it('answers its outbox to the system only', async () => {
    const employee = { kind: 'employee', id: DEMO.employee.id, name: 'Olivia', role: 'administrator' } as const;
    const asEmployee = await requests.call(employee, 'GET', '/internal/outbox').catch((e) => e);
    expect(asEmployee).toBeInstanceOf(ServiceError);
    expect((asEmployee as ServiceError).status).toBe(403);
    const bad = await requests.call(requests.system, 'POST', '/internal/outbox/handed', { ids: ['not-a-uuid'] }).catch((e) => e);
    expect((bad as ServiceError).status).toBe(400);
  });
});
