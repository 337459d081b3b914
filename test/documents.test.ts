import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, signInEmployee } from './agent.js';
import { rowCounts } from './db-snapshot.js';
import { startSystem, type TestSystem } from './harness.js';
import { employeeAgent, onboardEmily } from './flows.js';
import { DEMO } from '../domain/demo.js';

const BH = DEMO.blueHarbor.id;
const NL = DEMO.northernLight.id;

/** A version's file as the browser sends it: multipart, one part named `file`, the upload header. */
async function send(agent: Agent, path: string, name: string, type: string, bytes: Uint8Array) {
  const form = new FormData();
  form.append('file', new Blob([bytes.slice().buffer as ArrayBuffer], { type }), name);
  const res = await agent.fetch(path, { method: 'POST', body: form, headers: { 'x-extranet-upload': '1' } });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

describe('documents the team publishes and clients act on', () => {
  let sys: TestSystem;
  let olivia: Agent;
  let adam: Agent;
  let daniel: Agent;
  let emily: Awaited<ReturnType<typeof onboardEmily>>;
  const pdf = (text: string) => new TextEncoder().encode(`%PDF-1.4 ${text}`);

  beforeAll(async () => {
    sys = await startSystem();
    olivia = await employeeAgent(sys);
    adam = new Agent(sys.gatewayUrl);
    expect((await signInEmployee(adam, DEMO.manager.login, DEMO.manager.password)).status).toBe(200);
    daniel = new Agent(sys.gatewayUrl);
    expect((await daniel.post('/api/portal/login', { login: DEMO.danielUser.login, password: DEMO.danielUser.password })).status).toBe(201);
    emily = await onboardEmily(sys, olivia);
  });
  afterAll(async () => sys?.stop());

  it('refuses a contact of another company, a request of another company and an unknown action, naming the field, and writes nothing', async () => {
    const before = await rowCounts(sys);
    const foreign = await olivia.post('/api/governance/documents', { title: 'x', companyId: BH, contactId: DEMO.emily.id, expectedAction: 'review' });
    expect(foreign.status).toBe(422);
    expect(foreign.body.error.details.field).toBe('contactId');
    const nlRequest = (await sys.db('requests.requests').where({ company_id: NL }).first()).id;
    const request = await olivia.post('/api/governance/documents', { title: 'x', companyId: BH, requestId: nlRequest, expectedAction: 'review' });
    expect(request.body.error.details.field).toBe('requestId');
    const action = await olivia.post('/api/governance/documents', { title: 'x', companyId: BH, expectedAction: 'stamp' });
    expect(action.status).toBe(400);
    expect(action.body.error.details.field).toBe('expectedAction');
    expect((await adam.post('/api/governance/documents', { title: 'x', companyId: NL, expectedAction: 'review' })).status).toBe(403);
    expect(await rowCounts(sys)).toEqual(before);
  });

  it('a draft with versions is previewed (exactly who will see it), published, approved or declined with a reason, and a new version asks again', async () => {
    const draft = await olivia.post('/api/governance/documents', {
      title: 'Harbor price sheet',
      description: 'Prices for 2027',
      companyId: BH,
      expectedAction: 'approve',
    });
    expect(draft.status).toBe(201);
    const id = draft.body.id as string;
    const early = await olivia.post(`/api/governance/documents/${id}/publish`, {});
    expect(early.status).toBe(422);
    expect(early.body.error.details.field).toBe('versions');

    const v1 = await send(olivia, `/api/governance/documents/${id}/versions`, 'prices.pdf', 'application/pdf', pdf('v1'));
    expect(v1.status).toBe(201);
    expect(v1.body.versions[0]).toMatchObject({ number: 1, files: [{ name: 'prices.pdf', sha256: createHash('sha256').update(pdf('v1')).digest('hex') }] });
    expect((await daniel.get(`/api/portal/documents/${id}`)).status).toBe(404);

    const preview = await olivia.post(`/api/governance/documents/${id}/publish/preview`, {});
    expect(preview.body.audience.map((a: { userId: string }) => a.userId)).toEqual([DEMO.danielUser.id]);
    expect(preview.body.status).toBe('draft');
    expect((await olivia.post(`/api/governance/documents/${id}/publish`, {})).body.status).toBe('published');

    const card = await daniel.get(`/api/portal/documents/${id}`);
    expect(card.body).toMatchObject({ title: 'Harbor price sheet', nextStep: expect.stringContaining('Approve'), actions: ['approved', 'declined'] });
    const file = card.body.versions[0].files[0];
    const inline = await daniel.fetch(`/api/portal/documents/${id}/files/${file.id}?inline=1`);
    expect(inline.headers.get('content-disposition')).toMatch(/^inline; filename="prices.pdf"/);
    expect(inline.headers.get('content-type')).toBe('application/pdf');
    expect(new Uint8Array(await inline.arrayBuffer())).toEqual(pdf('v1'));

    const noReason = await daniel.post(`/api/portal/documents/${id}/responses`, { kind: 'declined' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.details.field).toBe('reason');
    const declined = await daniel.post(`/api/portal/documents/${id}/responses`, { kind: 'declined', reason: 'The fuel surcharge is missing' });
    expect(declined.status).toBe(201);
    expect(declined.body).toMatchObject({ actions: [], nextStep: '' });
    expect((await daniel.post(`/api/portal/documents/${id}/responses`, { kind: 'approved' })).status).toBe(409);
    const team = await olivia.get(`/api/governance/documents/${id}`);
    expect(team.body).toMatchObject({ pendingAction: false, responses: [{ kind: 'declined', reason: 'The fuel surcharge is missing', versionNumber: 1 }] });

    expect((await send(olivia, `/api/governance/documents/${id}/versions`, 'prices-v2.pdf', 'application/pdf', pdf('v2'))).status).toBe(201);
    const again = await daniel.get(`/api/portal/documents/${id}`);
    expect(again.body.versions.map((v: { number: number }) => v.number)).toEqual([2, 1]);
    expect(again.body.actions).toEqual(['approved', 'declined']);
    expect((await daniel.post(`/api/portal/documents/${id}/responses`, { kind: 'approved' })).status).toBe(201);
    const pending = (await olivia.get(`/api/governance/documents?companyId=${BH}&pendingAction=true`)).body.documents;
    expect(pending.map((d: { id: string }) => d.id)).not.toContain(id);

    // Unpublished: clients stop seeing it on their next request.
    expect((await olivia.post(`/api/governance/documents/${id}/unpublish`, {})).body.status).toBe('withdrawn');
    expect((await daniel.get(`/api/portal/documents/${id}`)).status).toBe(404);
    expect((await daniel.fetch(`/api/portal/documents/${id}/files/${file.id}`)).status).toBe(404);
  });

  it('a document that asks for a file takes one from the client; other clients and managers of other companies reach nothing', async () => {
    const requestId = (await sys.db('requests.requests').where({ company_id: BH }).first()).id as string;
    const created = await olivia.post('/api/governance/documents', {
      title: 'Insurance certificate',
      companyId: BH,
      contactId: DEMO.daniel.id,
      expectedAction: 'attach',
      requestId,
    });
    const id = created.body.id as string;
    // Attached to a request: the request's documents list it, on both sides.
    expect((await olivia.get(`/api/governance/documents?requestId=${requestId}`)).body.documents.map((d: { id: string }) => d.id)).toEqual([id]);
    expect((await olivia.get(`/api/governance/documents?requestId=nope`)).body.error.details.field).toBe('requestId');
    await send(olivia, `/api/governance/documents/${id}/versions`, 'request.pdf', 'application/pdf', pdf('please send'));
    await olivia.post(`/api/governance/documents/${id}/publish`, {});
    expect((await daniel.get(`/api/portal/documents/${id}`)).body.actions).toEqual(['attach']);
    expect((await daniel.get('/api/portal/documents')).body.documents.find((d: { id: string }) => d.id === id)).toMatchObject({ requestId });
    const big = await send(daniel, `/api/portal/documents/${id}/attachments`, 'cert.pdf', 'application/pdf', new Uint8Array(3 * 1024 * 1024));
    expect(big.status).toBe(413);
    const attached = await send(daniel, `/api/portal/documents/${id}/attachments`, 'cert.pdf', 'application/pdf', pdf('certificate'));
    expect(attached.status).toBe(201);
    expect(attached.body.responses).toEqual([expect.objectContaining({ kind: 'attached', file: expect.objectContaining({ name: 'cert.pdf' }) })]);
    const fileId = attached.body.responses[0].file.id;
    expect((await olivia.fetch(`/api/governance/documents/${id}/files/${fileId}`)).status).toBe(200);

    // Another company's client, and an account manager of another company: nothing, and nothing written.
    const before = await rowCounts(sys);
    for (const [method, path] of [
      ['GET', `/api/portal/documents/${id}`],
      ['POST', `/api/portal/documents/${id}/responses`],
      ['GET', `/api/portal/documents/${id}/files/${fileId}`],
    ] as const) {
      expect((await emily.client.json(method, path, method === 'POST' ? { kind: 'reviewed' } : undefined)).status, path).toBe(404);
    }
    expect(JSON.stringify((await emily.client.get('/api/portal/documents')).body)).not.toContain('Insurance certificate');
    const nlDraft = (await sys.db('documents.documents').where({ company_id: NL, status: 'draft' }).first()).id;
    expect((await adam.get(`/api/governance/documents/${nlDraft}`)).status).toBe(403);
    expect(JSON.stringify((await adam.get('/api/governance/documents')).body)).not.toContain(NL);
    expect(await rowCounts(sys)).toEqual(before);
  });
});
