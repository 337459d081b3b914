import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from './agent.js';
import { rowCounts } from './db-snapshot.js';
import { startSystem, type TestSystem } from './harness.js';
import { employeeAgent, onboardEmily, upload } from './flows.js';
import { signInEmployee } from './agent.js';
import { DEMO } from '../domain/demo.js';

const BH = DEMO.blueHarbor.id;
const NL = DEMO.northernLight.id;
const SUPPORT = DEMO.pipelines.support.id;

describe('requests: the team works with clients', () => {
  let sys: TestSystem;
  let olivia: Agent;
  let adam: Agent;
  let daniel: Agent;
  let emily: Awaited<ReturnType<typeof onboardEmily>>;
  const danielPolicy = `/api/governance/contacts/${DEMO.daniel.id}/policies/${BH}`;
  const filesInStore = () =>
    readdirSync((sys.requestsConfig.files as { dir: string }).dir, { recursive: true }).filter((f) => String(f).includes('attachments/'));

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

  it('a client creates a request through the form with a file; the team finds it in the inbox, answers, comments internally and asks for a next step', async () => {
    const pipelines = (await daniel.get('/api/portal/pipelines')).body.pipelines;
    const support = pipelines.find((p: { id: string }) => p.id === SUPPORT);
    expect(support).toMatchObject({ acceptsClientRequests: true, refusal: '' });
    expect(support.fields.map((f: { key: string }) => f.key)).toEqual(['urgency']);

    const pdf = new TextEncoder().encode('%PDF-1.4 badge list');
    const file = await upload(daniel, 'portal', 'badges.pdf', 'application/pdf', pdf);
    expect(file.status).toBe(201);
    expect(file.body).toMatchObject({ name: 'badges.pdf', size: pdf.length, sha256: createHash('sha256').update(pdf).digest('hex'), deletable: true });

    const bad = await daniel.post('/api/portal/requests', { companyId: BH, pipelineId: SUPPORT, title: 'Badges', fields: { urgency: 'yesterday' } });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details.field).toBe('fields.urgency');
    const hidden = await daniel.post('/api/portal/requests', { companyId: BH, pipelineId: SUPPORT, title: 'Badges', fields: { internal_estimate: '1' } });
    expect(hidden.body.error.details.field).toBe('fields.internal_estimate');

    const created = await daniel.post('/api/portal/requests', {
      companyId: BH,
      pipelineId: SUPPORT,
      title: 'Badges for the night shift',
      description: 'Twelve badges',
      fields: { urgency: 'high' },
      attachmentIds: [file.body.id],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ status: 'new', responsible: DEMO.employee.name, fields: [{ key: 'urgency', value: 'high' }] });
    expect(created.body.attachments.map((a: { id: string }) => a.id)).toEqual([file.body.id]);
    const requestId = created.body.id as string;

    const inbox = await olivia.get(`/api/governance/requests?companyId=${BH}&assignee=me&waiting=team&q=night`);
    expect(inbox.body.requests.map((r: { id: string }) => r.id)).toEqual([requestId]);
    expect(inbox.body).toMatchObject({ total: 1, page: 1 });
    expect((await adam.get('/api/governance/requests?q=night')).body.total).toBe(1);

    const reply = await olivia.post(`/api/governance/requests/${requestId}/messages`, { text: 'We print them tonight.' });
    expect(reply.status).toBe(201);
    const secret = await upload(olivia, 'governance', 'costs.txt', 'text/plain', new TextEncoder().encode('internal cost 40'));
    const note = await olivia.post(`/api/governance/requests/${requestId}/messages`, {
      text: 'Internal: charge the badge cost to the harbor contract',
      internal: true,
      attachmentIds: [secret.body.id],
    });
    expect(note.status).toBe(201);
    const noStep = await olivia.post(`/api/governance/requests/${requestId}/status`, { status: 'waiting_for_client' });
    expect(noStep.status).toBe(400);
    expect(noStep.body.error.details.field).toBe('nextStep');
    const waiting = await olivia.post(`/api/governance/requests/${requestId}/status`, { status: 'waiting_for_client', nextStep: 'Send the names' });
    expect(waiting.status).toBe(200);
    expect(waiting.body.history.map((e: { kind: string }) => e.kind)).toEqual(['created', 'message', 'internal_comment', 'status']);
    expect(waiting.body.messages.find((m: { internal: boolean }) => m.internal).attachments).toHaveLength(1);

    const seen = await daniel.get(`/api/portal/requests/${requestId}`);
    expect(seen.body).toMatchObject({ status: 'waiting_for_client', nextStep: 'Send the names' });
    expect(seen.body.attachments.map((a: { id: string }) => a.id)).toEqual([file.body.id]);
    const chat = await daniel.get(`/api/portal/requests/${requestId}/messages`);
    expect(chat.body.messages.map((m: { body: string }) => m.body)).toEqual(['We print them tonight.']);
    expect(JSON.stringify([seen.body, chat.body, (await daniel.get('/api/portal/requests')).body])).not.toMatch(/charge the badge|costs\.txt/);
    expect((await daniel.fetch(`/api/portal/attachments/${secret.body.id}`)).status).toBe(404);

    const download = await daniel.fetch(`/api/portal/attachments/${file.body.id}`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toContain('attachment; filename="badges.pdf"');
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(pdf);
    const text = await olivia.fetch(`/api/governance/attachments/${secret.body.id}`);
    expect(text.headers.get('content-type')).toBe('text/plain; charset=utf-8');
  });

  it('internal comments and hidden fields reach no portal route, whatever it is', async () => {
    // The seed: Northern Light's first request has an internal comment and a hidden estimate.
    const nlRequest = (await sys.db('requests.requests').where({ company_id: NL, title: 'Update the delivery address' }).first()).id;
    const routes = sys.gateway.routers.portal.flatMap((r) => r.stack.flatMap((l) => l.methods.filter((m) => m === 'GET').map(() => String(l.path))));
    expect(routes.length).toBeGreaterThan(8);
    for (const template of routes) {
      const path = template.replace(':id', nlRequest).replace(':companyId', NL).replace(':noteId', nlRequest);
      const res = await emily.client.fetch(path);
      const body = await res.text();
      expect(body, `GET ${template}`).not.toMatch(/courier contract|Internal estimate|internal_estimate/);
    }
    const detail = await emily.client.get(`/api/portal/requests/${nlRequest}`);
    expect(detail.status).toBe(200);
    expect(detail.body.fields).toEqual([expect.objectContaining({ key: 'urgency', value: 'high' })]);
    const team = await olivia.get(`/api/governance/requests/${nlRequest}`);
    expect(team.body.fields.map((f: { key: string }) => f.key)).toEqual(['urgency', 'internal_estimate']);
    expect(team.body.messages.some((m: { internal: boolean; body: string }) => m.internal && m.body.includes('courier contract'))).toBe(true);
  });

  it('another company’s ids yield nothing: requests, notes, channel and files of Blue Harbor stay closed to a Northern Light client', async () => {
    const danielRequest = (await daniel.get('/api/portal/requests')).body.requests[0].id;
    const file = await upload(daniel, 'portal', 'mine.txt', 'text/plain', new TextEncoder().encode('mine'));
    const before = await rowCounts(sys);
    const c = emily.client;
    for (const [method, path, body] of [
      ['GET', `/api/portal/requests/${danielRequest}`],
      ['GET', `/api/portal/requests/${danielRequest}/notes`],
      ['POST', `/api/portal/requests/${danielRequest}/notes`, { text: 'x' }],
      ['GET', `/api/portal/companies/${BH}/channel/messages`],
      ['POST', `/api/portal/companies/${BH}/channel/messages`, { text: 'x' }],
      ['GET', `/api/portal/attachments/${file.body.id}`],
      ['DELETE', `/api/portal/attachments/${file.body.id}`],
    ] as const) {
      const res = await c.json(method, path, body);
      expect(res.status, `${method} ${path}`).toBe(404);
    }
    const steal = await c.post('/api/portal/requests', { companyId: NL, pipelineId: SUPPORT, title: 'x', attachmentIds: [file.body.id] });
    expect(steal.status).toBe(422);
    expect(steal.body.error.details.field).toBe('attachmentIds');
    expect(await rowCounts(sys)).toEqual(before);
    // An account manager of Blue Harbor works with Blue Harbor only.
    const nlRequest = (await sys.db('requests.requests').where({ company_id: NL }).first()).id;
    expect((await adam.get(`/api/governance/requests/${nlRequest}`)).status).toBe(403);
    expect((await adam.get('/api/governance/requests')).body.requests.every((r: { companyId: string }) => r.companyId === BH)).toBe(true);
    const adamList = await adam.get('/api/governance/documents');
    expect(adamList.status, JSON.stringify(adamList.body)).toBe(200);
    const adamDocs = adamList.body.documents as { companyId: string; title: string }[];
    expect(adamDocs.map((d) => d.title)).toEqual(['Terminal access policy']);
    const nlDocs = (await olivia.get(`/api/governance/documents?companyId=${NL}`)).body.documents as { title: string }[];
    expect(nlDocs.map((d) => d.title)).toContain('Draft price list (internal)');
  });

  it('files: the size and type limits say why, the upload header is required, and a refused file leaves nothing behind', async () => {
    const before = await rowCounts(sys);
    const stored = filesInStore().length;
    const big = await upload(daniel, 'portal', 'big.pdf', 'application/pdf', new Uint8Array(3 * 1024 * 1024));
    expect(big.status).toBe(413);
    expect(big.body.error).toMatchObject({ code: 'file_too_large', details: { field: 'file' } });
    const exe = await upload(daniel, 'portal', 'run.exe', 'application/x-msdownload', new Uint8Array(10));
    expect(exe.status).toBe(415);
    expect(exe.body.error.message).toContain('not accepted');
    expect((await upload(daniel, 'portal', 'a.txt', 'text/plain', new Uint8Array(1), false)).status).toBe(415);
    expect(await rowCounts(sys)).toEqual(before);
    expect(filesInStore().length).toBe(stored);
    // A file uploaded and never attached is removed after FILE_PENDING_HOURS (24), row and bytes.
    const forgotten = await upload(daniel, 'portal', 'forgotten.txt', 'text/plain', new TextEncoder().encode('forgotten'));
    await sys
      .db('requests.attachments')
      .where({ id: forgotten.body.id })
      .update({ created_at: sys.db.raw(`now() - interval '25 hours'`) });
    const next = await upload(daniel, 'portal', 'next.txt', 'text/plain', new TextEncoder().encode('next'));
    expect(await sys.db('requests.attachments').where({ id: forgotten.body.id }).first()).toBeUndefined();
    expect(filesInStore().length).toBe(stored + 1);
    expect((await daniel.json('DELETE', `/api/portal/attachments/${next.body.id}`)).status).toBe(200);
    // Files not attached yet are capped per uploader.
    const uploaded: string[] = [];
    let refused: { status: number; body: any } | undefined;
    for (let i = 0; i < 25 && !refused; i++) {
      const res = await upload(daniel, 'portal', `n${i}.txt`, 'text/plain', new TextEncoder().encode(`n${i}`));
      if (res.status === 201) uploaded.push(res.body.id);
      else refused = res;
    }
    expect(refused).toMatchObject({ status: 429, body: { error: { code: 'too_many_pending_files', details: { field: 'file' } } } });
    for (const id of uploaded) expect((await daniel.json('DELETE', `/api/portal/attachments/${id}`)).status).toBe(200);
    // A client deletes what they uploaded, not the team's files.
    const own = await upload(daniel, 'portal', 'own.txt', 'text/plain', new TextEncoder().encode('own'));
    expect((await daniel.json('DELETE', `/api/portal/attachments/${own.body.id}`)).status).toBe(200);
    expect(filesInStore().length).toBe(stored);
  });

  it('a pipeline without a responsible accepts no client requests and says why; pipelines are changed by administrators and leads', async () => {
    const pipeline = (await olivia.get(`/api/governance/pipelines/${SUPPORT}`)).body;
    const input = { name: pipeline.name, responsibleId: '', followerIds: [], fields: pipeline.fields };
    expect((await adam.post(`/api/governance/pipelines/${SUPPORT}`, input)).status).toBe(403);
    expect((await olivia.post(`/api/governance/pipelines/${SUPPORT}`, input)).status).toBe(200);
    try {
      const open = (await daniel.get('/api/portal/pipelines')).body.pipelines.find((p: { id: string }) => p.id === SUPPORT);
      expect(open).toMatchObject({ acceptsClientRequests: false });
      expect(open.refusal).toContain('nobody on the team is responsible');
      const refused = await daniel.post('/api/portal/requests', { companyId: BH, pipelineId: SUPPORT, title: 'x' });
      expect(refused.status).toBe(422);
      expect(refused.body.error.details.field).toBe('pipelineId');
    } finally {
      expect((await olivia.post(`/api/governance/pipelines/${SUPPORT}`, { ...input, responsibleId: DEMO.employee.id })).status).toBe(200);
    }
    // A hidden field removed and a visible one added under its key is a new field: the hidden values stay hidden.
    const visibleNow = pipeline.fields
      .filter((f: { key: string }) => f.key !== 'internal_estimate')
      .concat([{ key: 'internal_estimate', label: 'Estimate', type: 'text', required: false, options: [], visibleToClients: true }]);
    expect((await olivia.post(`/api/governance/pipelines/${SUPPORT}`, { ...input, responsibleId: DEMO.employee.id, fields: visibleNow })).status).toBe(200);
    const nlRequest = (await sys.db('requests.requests').where({ company_id: NL, title: 'Update the delivery address' }).first()).id;
    expect((await emily.client.get(`/api/portal/requests/${nlRequest}`)).body.fields.map((f: { key: string }) => f.key)).toEqual(['urgency']);
    expect((await olivia.post(`/api/governance/pipelines/${SUPPORT}`, { ...input, responsibleId: DEMO.employee.id })).status).toBe(200);
    const badForm = await olivia.post('/api/governance/pipelines', { name: 'Legal', fields: [{ key: 'kind', label: 'Kind', type: 'select', options: [] }] });
    expect(badForm.status).toBe(400);
    expect(badForm.body.error.details.field).toBe('fields');
    const unknown = await olivia.post('/api/governance/pipelines', { name: 'Legal', responsibleId: '00000000-0000-4000-8000-00000000beef' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.details.field).toBe('responsibleId');
  });

  it('the general channel needs its permission, offers a call only where calls are allowed, and notes are their author’s alone', async () => {
    const before = (await olivia.get(danielPolicy)).body;
    expect((await daniel.get(`/api/portal/companies/${BH}/channel/messages`)).status).toBe(403);
    await olivia.post(danielPolicy, { permissions: [...before.permissions, 'generalChat'], pipelineIds: before.pipelineIds });
    const posted = await daniel.post(`/api/portal/companies/${BH}/channel/messages`, { text: 'Hello team' });
    expect(posted.status).toBe(201);
    expect(posted.body.callUrl).toBe('');
    await olivia.post(danielPolicy, { permissions: [...before.permissions, 'generalChat', 'calls'], pipelineIds: before.pipelineIds });
    const withCalls = await daniel.get(`/api/portal/companies/${BH}/channel/messages`);
    expect(withCalls.body.callUrl).toMatch(/^https:\/\/meet\.example\.test\/extranet-/);
    expect((await olivia.post(`/api/governance/companies/${BH}/channel/messages`, { text: 'Hello Daniel' })).status).toBe(201);
    expect((await daniel.get(`/api/portal/companies/${BH}/channel/messages`)).body.messages.map((m: { body: string }) => m.body)).toEqual([
      'Hello team',
      'Hello Daniel',
    ]);
    expect((await adam.get(`/api/governance/companies/${NL}/channel/messages`)).status).toBe(403);
    await olivia.post(danielPolicy, { permissions: before.permissions, pipelineIds: before.pipelineIds });

    const request = (await daniel.get('/api/portal/requests')).body.requests[0].id;
    const noted = await daniel.post(`/api/portal/requests/${request}/notes`, { text: 'Remember to ask about parking' });
    expect(noted.status).toBe(201);
    expect(noted.body.notes.map((n: { body: string }) => n.body)).toEqual(['Remember to ask about parking']);
    expect(JSON.stringify((await olivia.get(`/api/governance/requests/${request}`)).body)).not.toContain('ask about parking');
    const removed = await daniel.json('DELETE', `/api/portal/requests/${request}/notes/${noted.body.notes[0].id}`);
    expect(removed.body.notes).toEqual([]);
  });
});
