import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, eventually, signInEmployee } from './agent.js';
import { rowCounts } from './db-snapshot.js';
import { startSystem, type TestSystem } from './harness.js';
import { STRONG_PASSWORD, employeeAgent, endCollaboration, newContact, onboardEmily, pdfOf, publishToSign } from './flows.js';
import { DEMO } from '../domain/demo.js';
import { STARTER_PERMISSIONS } from '../domain/vocabulary.js';
import { statusQuery } from '../workflows/messages.js';

const NL = DEMO.northernLight.id;
const pdf = (text: string) => new TextEncoder().encode(`%PDF-1.4 ${text}`);
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const inSeconds = (s: number) => new Date(Date.now() + s * 1000).toISOString();

type Signer = Awaited<ReturnType<typeof onboardEmily>>;

describe('signature requests, followed by signature-<id>', () => {
  let sys: TestSystem;
  let olivia: Agent;
  let daniel: Agent;
  let a: Signer;
  let b: Signer;
  let aContact: string;
  let bContact: string;

  const signable = (title: string) => publishToSign(olivia, title);

  async function ask(documentId: string, body: Record<string, unknown>) {
    const res = await olivia.post(`/api/governance/documents/${documentId}/signature-requests`, body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.signatureRequests[0] as { id: string; workflowId: string; status: string };
  }

  const handle = (requestId: string) => sys.gateway.temporal.workflow.getHandle(`signature-${requestId}`);
  const mailsTo = (to: string, title: string) => sys.mail.messages().filter((m) => m.to.includes(to) && m.subject.endsWith(title));
  const signers = async (requestId: string) =>
    Object.fromEntries(
      (await sys.db('documents.signature_signers').where({ request_id: requestId })).map((s) => [s.user_id, s as Record<string, any>]),
    ) as Record<string, Record<string, any>>;

  beforeAll(async () => {
    sys = await startSystem();
    olivia = await employeeAgent(sys);
    daniel = new Agent(sys.gatewayUrl);
    expect((await daniel.post('/api/portal/login', { login: DEMO.danielUser.login, password: DEMO.danielUser.password })).status).toBe(201);
    aContact = DEMO.emily.id;
    a = await onboardEmily(sys, olivia, aContact);
    bContact = await newContact(sys, NL, 'Noah', 'Miller');
    b = await onboardEmily(sys, olivia, bContact);
  });
  afterAll(async () => sys?.stop());

  it('refuses signers without access, a document that does not ask for a signature, a past deadline, and another company’s manager; writes nothing', async () => {
    const id = await signable('Refusals');
    const review = await olivia.post('/api/governance/documents', { title: 'Only to read', companyId: NL, expectedAction: 'review' });
    const before = await rowCounts(sys);
    const good = { contactIds: [aContact], order: 'sequential', deadline: inSeconds(3600) };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...good, contactIds: [DEMO.daniel.id] }, 'contactIds'], // a contact of another company
      [{ ...good, contactIds: ['00000000-0000-4000-8000-00000000ffff'] }, 'contactIds'], // nobody's
      [{ ...good, deadline: inSeconds(-60) }, 'deadline'],
      [{ ...good, deadline: 'next week' }, 'deadline'],
    ];
    for (const [body, field] of cases) {
      const res = await olivia.post(`/api/governance/documents/${id}/signature-requests`, body);
      expect([400, 422], JSON.stringify(res.body)).toContain(res.status);
      expect(res.body.error.details.field).toBe(field);
    }
    const bad = await olivia.post(`/api/governance/documents/${id}/signature-requests`, { ...good, order: 'whenever' });
    expect([bad.status, bad.body.error.details.field]).toEqual([400, 'order']);
    const none = await olivia.post(`/api/governance/documents/${id}/signature-requests`, { ...good, contactIds: [] });
    expect([none.status, none.body.error.details.field]).toEqual([400, 'contactIds']);
    const notSign = await olivia.post(`/api/governance/documents/${review.body.id}/signature-requests`, good);
    expect(notSign.status).toBe(422);
    const adam = new Agent(sys.gatewayUrl);
    expect((await signInEmployee(adam, DEMO.manager.login, DEMO.manager.password)).status).toBe(200);
    expect((await adam.post(`/api/governance/documents/${id}/signature-requests`, good)).status).toBe(403);
    expect(await rowCounts(sys)).toEqual(before);
  });

  it('sequential: one signer at a time, reminders to whoever’s turn it is, the password confirms, the evidence is recorded', async () => {
    const id = await signable('Sequential agreement');
    const request = await ask(id, { contactIds: [aContact, bContact], order: 'sequential', deadline: inSeconds(120), reminderEverySeconds: 2 });
    expect(request.workflowId).toBe(`signature-${request.id}`);
    const described = await handle(request.id).describe();
    expect(Object.fromEntries(described.typedSearchAttributes.getAll().map((p) => [p.key.name, p.value]))).toMatchObject({
      ExtranetDocumentId: id,
      ExtranetCompanyIds: [NL],
      ExtranetContactEmails: [a.email, b.email],
    });

    // A first, then reminded; B hears nothing while it is not their turn.
    await eventually(async () => (mailsTo(a.email, 'Sequential agreement').length >= 2 ? true : undefined), 20_000, 'a reminder to A');
    const [first, reminder] = mailsTo(a.email, 'Sequential agreement');
    expect(first!.subject).toMatch(/^Your signature is requested/);
    expect(reminder!.subject).toMatch(/^Reminder/);
    expect(first!.text).toContain(`/extranet/documents/${id}`);
    expect(mailsTo(b.email, 'Sequential agreement')).toEqual([]);
    // The same news is in A's feed, once per email.
    const feed = await eventually(async () => {
      const items = (await a.client.get('/api/portal/notifications')).body.notifications.filter((n: { kind: string }) => n.kind === 'signature_reminder');
      return items.length >= 2 ? items : undefined;
    });
    expect(feed[0].url).toBe(`/extranet/documents/${id}`);

    const bCard = await b.client.get(`/api/portal/documents/${id}`);
    expect(bCard.body).toMatchObject({ actions: ['declined'], nextStep: expect.stringContaining('after') });
    expect((await b.client.post(`/api/portal/documents/${id}/signature`, { password: STRONG_PASSWORD })).status).toBe(409);
    const wrong = await a.client.post(`/api/portal/documents/${id}/signature`, { password: 'not-it' });
    expect([wrong.status, wrong.body.error.details.field]).toEqual([400, 'password']);
    expect((await sys.db('documents.signature_signers').where({ request_id: request.id, state: 'signed' })).length).toBe(0);

    const signed = await a.client.post(`/api/portal/documents/${id}/signature`, { password: STRONG_PASSWORD });
    expect(signed.status, JSON.stringify(signed.body)).toBe(201);
    expect(signed.body.actions).toEqual([]);
    await eventually(async () => (mailsTo(b.email, 'Sequential agreement').length ? true : undefined), 20_000, 'B’s turn');
    expect((await b.client.post(`/api/portal/documents/${id}/signature`, { password: STRONG_PASSWORD })).status).toBe(201);

    expect(await handle(request.id).result()).toMatchObject({ step: 'completed', outcome: 'completed' });
    const status = await handle(request.id).query(statusQuery);
    expect(status.signature?.signers.map((s) => [s.userId, s.state])).toEqual([
      [a.userId, 'signed'],
      [b.userId, 'signed'],
    ]);
    const team = await olivia.get(`/api/governance/documents/${id}`);
    const done = team.body.signatureRequests[0];
    expect(done).toMatchObject({ status: 'completed', endReason: 'signed' });
    expect(done.signers[0].evidence).toMatchObject({
      versionNumber: 1,
      sha256: sha256(pdfOf('Sequential agreement')),
      address: expect.stringMatching(/127\.0\.0\.1/),
    });
    expect(done.signers[0].evidence.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    // Every email sent was recorded once: as many as the signer's count.
    const rows = await signers(request.id);
    expect(mailsTo(a.email, 'Sequential agreement').length).toBe(rows[a.userId]!.emails_sent);
    expect(mailsTo(b.email, 'Sequential agreement').length).toBe(rows[b.userId]!.emails_sent);

    // Another company's client reaches nothing of it.
    expect((await daniel.get(`/api/portal/documents/${id}`)).status).toBe(404);
    expect((await daniel.post(`/api/portal/documents/${id}/signature`, { password: DEMO.danielUser.password })).status).toBe(404);
    expect((await daniel.get('/api/portal/documents')).body.documents.map((d: { id: string }) => d.id)).not.toContain(id);
  });

  it('parallel: both are asked at once; a decline with its reason stops it, nobody signs after', async () => {
    const id = await signable('Parallel agreement');
    const request = await ask(id, { contactIds: [aContact, bContact], order: 'parallel', deadline: inSeconds(120) });
    await eventually(async () => (mailsTo(a.email, 'Parallel agreement').length && mailsTo(b.email, 'Parallel agreement').length ? true : undefined));
    expect((await a.client.get(`/api/portal/documents/${id}`)).body.actions).toEqual(['sign', 'declined']);
    const noReason = await b.client.post(`/api/portal/documents/${id}/responses`, { kind: 'declined' });
    expect([noReason.status, noReason.body.error.details.field]).toEqual([400, 'reason']);
    const declined = await b.client.post(`/api/portal/documents/${id}/responses`, { kind: 'declined', reason: 'Clause 4 is wrong' });
    expect(declined.status).toBe(201);
    expect(await handle(request.id).result()).toMatchObject({ outcome: 'declined' });
    expect((await a.client.post(`/api/portal/documents/${id}/signature`, { password: STRONG_PASSWORD })).status).toBe(409);
    expect((await a.client.get(`/api/portal/documents/${id}`)).body).toMatchObject({ actions: [], signature: { status: 'declined' } });
    const team = (await olivia.get(`/api/governance/documents/${id}`)).body.signatureRequests[0];
    expect(team.signers.find((s: { userId: string }) => s.userId === b.userId)).toMatchObject({ state: 'declined', reason: 'Clause 4 is wrong' });
  });

  it('ends as expired when the deadline passes, as withdrawn when the employee withdraws it or a new version comes', async () => {
    const late = await signable('Deadline agreement');
    const expiring = await ask(late, { contactIds: [aContact], order: 'sequential', deadline: inSeconds(3) });
    expect(await handle(expiring.id).result()).toMatchObject({ outcome: 'expired' });
    expect((await a.client.post(`/api/portal/documents/${late}/signature`, { password: STRONG_PASSWORD })).status).toBe(409);

    const withdrawn = await signable('Withdrawn agreement');
    const w = await ask(withdrawn, { contactIds: [aContact], order: 'sequential', deadline: inSeconds(120) });
    const res = await olivia.post(`/api/governance/documents/${withdrawn}/signature-requests/${w.id}/withdraw`, {});
    expect(res.body.signatureRequests[0]).toMatchObject({ status: 'withdrawn', endReason: 'withdrawn' });
    expect(await handle(w.id).result()).toMatchObject({ outcome: 'withdrawn' });
    expect((await olivia.post(`/api/governance/documents/${withdrawn}/signature-requests/${w.id}/withdraw`, {})).status).toBe(409);

    const replaced = await signable('Replaced agreement');
    const r = await ask(replaced, { contactIds: [aContact], order: 'sequential', deadline: inSeconds(120) });
    const form = new FormData();
    form.append('file', new Blob([pdf('v2')], { type: 'application/pdf' }), 'v2.pdf');
    const v2 = await olivia.fetch(`/api/governance/documents/${replaced}/versions`, { method: 'POST', body: form, headers: { 'x-extranet-upload': '1' } });
    expect(v2.status).toBe(201);
    expect(await handle(r.id).result()).toMatchObject({ outcome: 'withdrawn' });
    expect((await olivia.get(`/api/governance/documents/${replaced}`)).body.signatureRequests[0]).toMatchObject({ endReason: 'new_version' });
    // A new request on the new version is allowed once the old one ended.
    await ask(replaced, { contactIds: [aContact], order: 'sequential', deadline: inSeconds(120) });
    expect(
      (await olivia.post(`/api/governance/documents/${replaced}/signature-requests`, { contactIds: [aContact], order: 'parallel', deadline: inSeconds(60) }))
        .status,
    ).toBe(409);
  });

  it('a worker stopped mid-request loses no signature and sends no email twice', async () => {
    const id = await signable('Restart agreement');
    const request = await ask(id, { contactIds: [aContact, bContact], order: 'parallel', deadline: inSeconds(120), reminderEverySeconds: 3 });
    await eventually(async () => {
      const s = await signers(request.id);
      return s[a.userId]!.emails_sent >= 1 && s[b.userId]!.emails_sent >= 1 ? true : undefined;
    });
    await sys.stopWorker();
    try {
      // Signed while no worker runs: the documents service has it; the signal waits in Temporal.
      expect((await a.client.post(`/api/portal/documents/${id}/signature`, { password: STRONG_PASSWORD })).status).toBe(201);
      await new Promise((r) => setTimeout(r, 3500));
    } finally {
      await sys.startWorker();
    }
    await eventually(async () => ((await signers(request.id))[b.userId]!.emails_sent >= 2 ? true : undefined), 20_000, 'B’s reminder');
    expect((await b.client.post(`/api/portal/documents/${id}/signature`, { password: STRONG_PASSWORD })).status).toBe(201);
    expect(await handle(request.id).result()).toMatchObject({ outcome: 'completed' });
    const rows = await signers(request.id);
    expect(rows[a.userId]).toMatchObject({ state: 'signed', emails_sent: 1 });
    expect(mailsTo(a.email, 'Restart agreement').length).toBe(1);
    const toB = mailsTo(b.email, 'Restart agreement');
    expect(toB.length).toBe(rows[b.userId]!.emails_sent);
    expect(new Set(toB.map((m) => m.id)).size).toBe(toB.length);
  });

  it('offboarding withdraws the pending requests the contact still had to sign', async () => {
    const id = await signable('Offboarding agreement');
    const request = await ask(id, { contactIds: [bContact], order: 'sequential', deadline: inSeconds(120) });
    const { report } = await endCollaboration(sys, olivia, b.linkId, 'revoked');
    expect(report.signatureRequestsWithdrawn).toEqual([request.id]);
    expect(await handle(request.id).result()).toMatchObject({ outcome: 'withdrawn' });
    expect((await olivia.get(`/api/governance/documents/${id}`)).body.signatureRequests[0]).toMatchObject({ status: 'withdrawn', endReason: 'offboarding' });
  });
  it('sends no reminder to a signer who can no longer see the document; the team sees only the emails that went', async () => {
    const id = await signable('Withheld agreement');
    const request = await ask(id, { contactIds: [aContact], order: 'sequential', deadline: inSeconds(120), reminderEverySeconds: 1 });
    await eventually(async () => ((await signers(request.id))[a.userId]!.emails_sent >= 1 ? true : undefined), 20_000, 'the request email');
    // Emily loses the documents permission at Northern Light: the next reminders are due, and withheld.
    const lost = await olivia.post(`/api/governance/contacts/${aContact}/policies/${NL}`, {
      permissions: STARTER_PERMISSIONS.filter((p) => p !== 'documents'),
      pipelineIds: [],
    });
    expect(lost.status, JSON.stringify(lost.body)).toBe(200);
    const sentBefore = mailsTo(a.email, 'Withheld agreement').length;
    await eventually(async () => ((await signers(request.id))[a.userId]!.emails_withheld >= 2 ? true : undefined), 20_000, 'two reminders withheld');
    expect(mailsTo(a.email, 'Withheld agreement')).toHaveLength(sentBefore);
    const detail = (await olivia.get(`/api/governance/documents/${id}`)).body;
    expect(detail.signatureRequests[0].signers[0].emailsSent).toBe(sentBefore);
    const feed = (await a.client.get('/api/portal/notifications')).body.notifications;
    expect(feed.filter((n: { title: string }) => n.title.endsWith('Withheld agreement'))).toHaveLength(sentBefore);
  });
});
