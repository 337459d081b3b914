import { expect } from 'vitest';
import { Agent, eventually, signInEmployee } from './agent.js';
import type { TestSystem } from './harness.js';
import { DEMO } from '../lib/demo.js';

export const STRONG_PASSWORD = 'Northern-Light-2026!';
export const tokenFrom = (text: string) => /#token=([A-Za-z0-9_-]{43})/.exec(text)?.[1];

/** The demo employee, signed in through OIDC. */
export async function employeeAgent(sys: TestSystem): Promise<Agent> {
  const a = new Agent(sys.gatewayUrl);
  const res = await signInEmployee(a, DEMO.employee.login, DEMO.employee.password);
  expect(res.status).toBe(200);
  return a;
}

/** Wizard steps 1–3 for a new user of Emily Carter's contact at Northern Light; returns the review. */
export async function reviewNewEmily(employee: Agent, login = `emily.${Math.random().toString(36).slice(2, 8)}`) {
  const email = `${login}@northern-light.test`;
  const user = await employee.post('/api/governance/users', { login, email, firstName: 'Emily', lastName: 'Carter' });
  expect(user.status).toBe(201);
  const review = await employee.post('/api/governance/link-wizard/review', {
    userId: user.body.id,
    contactId: DEMO.emily.id,
    companyIds: [DEMO.northernLight.id],
    defaultCompanyId: DEMO.northernLight.id,
  });
  expect(review.status).toBe(201);
  return { userId: user.body.id as string, reviewId: review.body.reviewId as string, login };
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
  return eventually(async () => {
    const r = await employee.get(`/api/governance/workflows/${workflowId}`);
    return r.body?.step === step ? r.body : undefined;
  }, 20_000, `${workflowId} to reach ${step}`);
}

/** Invitations of a link, newest first. */
export async function invitationsOf(employee: Agent, linkId: string): Promise<{ id: string; status: string }[]> {
  return (await employee.get(`/api/governance/links/${linkId}/invitations`)).body.invitations;
}

/** Onboards a new Emily Carter user end to end; returns the signed-in client and the link id. */
export async function onboardEmily(sys: TestSystem, employee: Agent) {
  const { reviewId, userId, login } = await reviewNewEmily(employee);
  const seen = tokensSeen(sys);
  expect((await employee.post('/api/governance/link-wizard/confirm', { reviewId })).status).toBe(202);
  const token = await nextToken(sys, DEMO.emily.email, seen);
  const client = new Agent(sys.gatewayUrl);
  expect((await client.post('/api/portal/activate', { token, password: STRONG_PASSWORD })).status).toBe(201);
  await stepReached(employee, `onboarding-${reviewId}`, 'completed');
  return { client, linkId: reviewId, userId, login };
}
