import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, eventually, signInEmployee } from './agent.js';
import { rowCounts } from './db-snapshot.js';
import { startSystem, type TestSystem } from './harness.js';
import { employeeAgent, endCollaboration, newContact, onboardEmily, publishFor, publishToSign } from './flows.js';
import { DEMO } from '../domain/demo.js';

const NL = DEMO.northernLight.id;
const SUPPORT = DEMO.pipelines.support.id;

describe('ending a collaboration hands the work over: each unfinished request closed with a reason or handed over', () => {
  let sys: TestSystem;
  let olivia: Agent;
  let adam: Agent;
  let emily: Awaited<ReturnType<typeof onboardEmily>>;

  beforeAll(async () => {
    sys = await startSystem();
    olivia = await employeeAgent(sys);
    adam = new Agent(sys.gatewayUrl);
    expect((await signInEmployee(adam, DEMO.manager.login, DEMO.manager.password)).status).toBe(200);
    emily = await onboardEmily(sys, olivia);
  });
  afterAll(async () => sys?.stop());

  it('shows the documents the client is still asked to answer and the signatures still theirs to give; nobody else reads them', async () => {
    const toReview = await publishFor(olivia, 'Visit checklist', 'review');
    const answered = await publishFor(olivia, 'Safety notes', 'review');
    expect((await emily.client.post(`/api/portal/documents/${answered}/responses`, { kind: 'reviewed' })).status).toBe(201);
    const forNoah = await publishFor(olivia, 'Noah’s contract', 'approve', { contactId: await newContact(sys, NL, 'Noah', 'Miller') });
    const toSign = await publishToSign(olivia, 'Maintenance 2027');
    const deadline = new Date(Date.now() + 86_400_000).toISOString();
    const asked = await olivia.post(`/api/governance/documents/${toSign}/signature-requests`, { contactIds: [DEMO.emily.id], order: 'sequential', deadline });
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);

    const open = await olivia.get(`/api/governance/links/${emily.linkId}/open-documents`);
    expect(open.status).toBe(200);
    expect(open.body.actions).toContainEqual({ documentId: toReview, title: 'Visit checklist', companyId: NL, expectedAction: 'review', versionNumber: 1 });
    // Not one she answered, nor one for another contact, nor the one to sign (it is a signature request).
    const listed = open.body.actions.map((a: { documentId: string }) => a.documentId);
    for (const id of [answered, forNoah, toSign]) expect(listed).not.toContain(id);
    expect(open.body.signatures).toEqual([
      {
        signatureRequestId: asked.body.signatureRequests[0].id,
        documentId: toSign,
        title: 'Maintenance 2027',
        companyId: NL,
        deadlineAt: expect.any(String),
        turn: true,
      },
    ]);
    // Adam manages Blue Harbor only: Emily's link is not his to read.
    expect([403, 404]).toContain((await adam.get(`/api/governance/links/${emily.linkId}/open-documents`)).status);
    expect((await olivia.get('/api/governance/links/not-a-link/open-documents')).status).toBe(404);
  });

  it('shows the unfinished requests, refuses choices it cannot carry out, then closes one, hands one over and reports both', async () => {
    const create = async (title: string) =>
      (await emily.client.post('/api/portal/requests', { companyId: NL, pipelineId: SUPPORT, title, fields: { urgency: 'high' } })).body.id as string;
    const toClose = await create('Pump noise');
    const toHand = await create('New valve');
    const open = (await olivia.get(`/api/governance/links/${emily.linkId}/open-requests`)).body.requests.map((r: { id: string }) => r.id);
    expect(open).toEqual(expect.arrayContaining([toClose, toHand]));

    const foreign = (await sys.db('requests.requests').where({ company_id: DEMO.blueHarbor.id }).first()).id;
    const before = await rowCounts(sys);
    const refusals: [unknown[], number][] = [
      [[{ requestId: foreign, action: 'close', reason: 'x' }], 422], // not this client's
      [[{ requestId: toClose, action: 'close', reason: ' ' }], 400], // no reason the client could read
      [[{ requestId: toHand, action: 'hand_over' }], 400], // nobody named
      [[{ requestId: toHand, action: 'hand_over', employeeId: DEMO.manager.id }], 422], // Adam manages Blue Harbor only
      [[{ requestId: toHand, action: 'archive' }], 400],
    ];
    for (const [requests, status] of refusals) {
      const res = await olivia.post(`/api/governance/links/${emily.linkId}/status`, { status: 'revoked', requests });
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      expect(res.body.error.details.field).toMatch(/^requests/);
    }
    expect(await rowCounts(sys)).toEqual(before);
    expect((await olivia.get(`/api/governance/links/${emily.linkId}`)).body.status).toBe('active');

    // Adam becomes a department lead: he may take the request over now.
    expect((await olivia.post(`/api/governance/employees/${DEMO.manager.id}`, { role: 'department_lead' })).status).toBe(200);
    const res = await olivia.post(`/api/governance/links/${emily.linkId}/status`, {
      status: 'revoked',
      requests: [
        { requestId: toClose, action: 'close', reason: 'We end the maintenance contract at the end of the month.' },
        { requestId: toHand, action: 'hand_over', employeeId: DEMO.manager.id },
      ],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    const done = await sys.gateway.temporal.workflow.getHandle(res.body.workflowId).result();
    expect(done).toMatchObject({ closedRequestIds: [toClose], handedOverRequestIds: [toHand] });
    // The signature request the screen showed (the test before) is withdrawn, and the report says so.
    const [pending] = (await olivia.get(`/api/governance/links/${emily.linkId}/open-documents`)).body.signatures;
    expect(pending).toBeUndefined();
    expect(done.signatureRequestsWithdrawn).toHaveLength(1);
    expect(done.openRequestIds).not.toContain(toClose);

    const closed = (await olivia.get(`/api/governance/requests/${toClose}`)).body;
    expect(closed.status).toBe('closed');
    expect(JSON.stringify(closed)).toContain('We end the maintenance contract');
    expect((await sys.db('requests.request_messages').where({ request_id: toClose, internal: false }).pluck('body')).join()).toContain(
      'We end the maintenance contract',
    );
    const handed = (await olivia.get(`/api/governance/requests/${toHand}`)).body;
    expect(handed.assignee).toMatchObject({ id: DEMO.manager.id });
    // The new assignee hears of it.
    const feed = await eventually(async () => {
      const f = (await adam.get('/api/governance/notifications')).body;
      return f.notifications?.some((n: { kind: string }) => n.kind === 'request_handed_over') ? f : undefined;
    });
    expect(feed.notifications.find((n: { kind: string }) => n.kind === 'request_handed_over').title).toContain('New valve');
    // Nothing is left active: the link, its sessions, its invitations.
    expect((await olivia.get(`/api/governance/links/${emily.linkId}`)).body.status).toBe('revoked');
    expect((await emily.client.get('/api/portal/me')).status).toBe(401);
  });

  it('ends a collaboration without choices as before: the unfinished requests are listed in the report', async () => {
    const { report } = await endCollaboration(sys, olivia, DEMO.danielLinkId, 'disabled');
    expect(report).toMatchObject({ closedRequestIds: [], handedOverRequestIds: [] });
  });
});
