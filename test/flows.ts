import { expect } from 'vitest';
import { Agent, eventually, signInEmployee } from './agent.js';
import type { TestSystem } from './harness.js';
import { DEMO } from '../domain/demo.js';
import { randomUUID } from 'node:crypto';

export const STRONG_PASSWORD = 'Northern-Light-2026!';
export const tokenFrom = (text: string) => /#token=([A-Za-z0-9_-]{43})/.exec(text)?.[1];

/** The demo employee, signed in through OIDC. */
export async function employeeAgent(sys: TestSystem): Promise<Agent> {
  const a = new Agent(sys.gatewayUrl);
  const res = await signInEmployee(a, DEMO.employee.login, DEMO.employee.password);
  expect(res.status).toBe(200);
  return a;
}

/**
 * A new CRM contact of a company, written the way the CRM sync does. One portal
 * user belongs to one person, so each further onboarding needs its own contact.
 */
export async function newContact(sys: TestSystem, companyId: string = DEMO.northernLight.id, firstName = 'Emily', lastName = 'Carter'): Promise<string> {
  const id = randomUUID();
  await sys.db('policy.contacts').insert({ id, first_name: firstName, last_name: lastName, email: `${id.slice(0, 8)}@contacts.test` });
  await sys.db('policy.company_contacts').insert({ company_id: companyId, contact_id: id });
  return id;
}

/** Wizard steps 1–3 for a new portal user of a Northern Light contact (Emily Carter unless given); returns the review. */
export async function reviewNewEmily(employee: Agent, login = `emily.${Math.random().toString(36).slice(2, 8)}`, contactId: string = DEMO.emily.id) {
  const email = `${login}@northern-light.test`;
  const user = await employee.post('/api/governance/users', { login, email, firstName: 'Emily', lastName: 'Carter' });
  expect(user.status).toBe(201);
  const review = await employee.post('/api/governance/link-wizard/review', {
    userId: user.body.id,
    contactId,
    companyIds: [DEMO.northernLight.id],
    defaultCompanyId: DEMO.northernLight.id,
  });
  expect(review.status).toBe(201);
  return { userId: user.body.id as string, reviewId: review.body.reviewId as string, login, email };
}

/** Every activation token the mail catcher holds so far. */
export const tokensSeen = (sys: TestSystem): string[] => sys.mail.messages().map((m) => tokenFrom(m.text) ?? '');

/** The activation token from the newest email to `to` that is not among `seen` tokens. */
export async function nextToken(sys: TestSystem, to: string, seen: string[]): Promise<string> {
  const mail = await sys.mail.waitFor((m) => m.to.includes(to) && !seen.includes(tokenFrom(m.text) ?? ''), 20_000);
  return tokenFrom(mail.text)!;
}

/** Polls the governance API until the workflow reports the step. */
export function stepReached(employee: Agent, workflowId: string, step: string) {
  return eventually(
    async () => {
      const r = await employee.get(`/api/governance/workflows/${workflowId}`);
      return r.body?.step === step ? r.body : undefined;
    },
    20_000,
    `${workflowId} to reach ${step}`,
  );
}

/**
 * Waits until the workflow has closed and then reads its final status: the
 * status query can say `completed` a moment before Temporal records the close,
 * so waiting for the step alone races with the state.
 */
export async function workflowDone(sys: TestSystem, employee: Agent, workflowId: string) {
  await sys.gateway.temporal.workflow.getHandle(workflowId).result();
  return (await employee.get(`/api/governance/workflows/${workflowId}`)).body;
}

/** Invitations of a link, newest first. */
export async function invitationsOf(employee: Agent, linkId: string): Promise<{ id: string; status: string }[]> {
  return (await employee.get(`/api/governance/links/${linkId}/invitations`)).body.invitations;
}

/** Onboards a new portal user of Emily Carter's contact (or the given one) end to end; returns the signed-in client and the link id. */
export async function onboardEmily(sys: TestSystem, employee: Agent, contactId: string = DEMO.emily.id) {
  const { reviewId, userId, login, email } = await reviewNewEmily(employee, undefined, contactId);
  const seen = tokensSeen(sys);
  expect((await employee.post('/api/governance/link-wizard/confirm', { reviewId })).status).toBe(202);
  // The invitation goes to the address of the account it activates.
  const token = await nextToken(sys, email, seen);
  const client = new Agent(sys.gatewayUrl);
  expect((await client.post('/api/portal/activate', { token, password: STRONG_PASSWORD })).status).toBe(201);
  await workflowDone(sys, employee, `onboarding-${reviewId}`);
  return { client, linkId: reviewId, userId, login, email };
}

/**
 * Disables or revokes a link as an employee: the API answers 202 with the
 * offboarding workflow, which this follows to its end; returns the answer and
 * the workflow's final status (with its report).
 */
export async function endCollaboration(sys: TestSystem, employee: Agent, linkId: string, status: 'disabled' | 'revoked') {
  const res = await employee.post(`/api/governance/links/${linkId}/status`, { status });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  expect(res.body.workflowId).toBe(`offboarding-${linkId}`);
  const done = await workflowDone(sys, employee, res.body.workflowId);
  expect(done).toMatchObject({ step: 'completed', outcome: status, state: 'COMPLETED' });
  return { answer: res.body, report: done.report };
}

/** Uploads one file as a browser does: multipart, one part named `file`, with the upload header. */
export async function upload(agent: Agent, side: 'portal' | 'governance', name: string, type: string, bytes: Uint8Array, header = true) {
  const form = new FormData();
  form.append('file', new Blob([bytes.slice().buffer as ArrayBuffer], { type }), name);
  const res = await agent.fetch(`/api/${side}/attachments`, { method: 'POST', body: form, headers: header ? { 'x-extranet-upload': '1' } : {} });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** A small PDF naming its text, as the document tests upload. */
export const pdfOf = (text: string) => Buffer.from(`%PDF-1.4\n% ${text}\n%%EOF\n`);

/** A published Northern Light document asking for an action, its one version a PDF naming the title; returns its id. */
export async function publishFor(
  employee: Agent,
  title: string,
  expectedAction: 'none' | 'review' | 'approve' | 'attach' | 'sign',
  also: { contactId?: string; requestId?: string } = {},
): Promise<string> {
  const draft = await employee.post('/api/governance/documents', { title, companyId: DEMO.northernLight.id, expectedAction, ...also });
  expect(draft.status).toBe(201);
  const id = draft.body.id as string;
  const form = new FormData();
  form.append('file', new Blob([pdfOf(title)], { type: 'application/pdf' }), `${title}.pdf`);
  const uploaded = await employee.fetch(`/api/governance/documents/${id}/versions`, { method: 'POST', body: form, headers: { 'x-extranet-upload': '1' } });
  expect(uploaded.status).toBe(201);
  expect((await employee.post(`/api/governance/documents/${id}/publish`, {})).status).toBe(200);
  return id;
}

/** A published Northern Light document that asks for a signature; returns its id. */
export const publishToSign = (employee: Agent, title: string, also: { contactId?: string; requestId?: string } = {}) =>
  publishFor(employee, title, 'sign', also);
