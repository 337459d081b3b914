import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../../test/agent.js';
import { startSystem, type TestSystem } from '../../test/harness.js';
import { STRONG_PASSWORD, employeeAgent, invitationsOf, newContact, nextToken, reviewNewEmily, stepReached, tokensSeen } from '../../test/flows.js';

describe('the invitation lifetime workflow', () => {
  let sys: TestSystem;
  let employee: Agent;
  beforeAll(async () => {
    sys = await startSystem();
    employee = await employeeAgent(sys);
  });
  afterAll(async () => sys?.stop());

  const setLifetime = (seconds: number) => sys.db('identity.security_settings').update({ invitation_lifetime_seconds: seconds });

  it('expires an unused invitation when its lifetime is over, and activation then fails clearly', async () => {
    await setLifetime(2);
    try {
      const { reviewId, email } = await reviewNewEmily(employee, undefined, await newContact(sys));
      const seen = tokensSeen(sys);
      await employee.post('/api/governance/link-wizard/confirm', { reviewId });
      const token = await nextToken(sys, email, seen);
      const done = await stepReached(employee, `onboarding-${reviewId}`, 'completed');
      expect(done.outcome).toBe('expired');
      const [inv] = await invitationsOf(employee, reviewId);
      expect(inv!.status).toBe('expired');
      const res = await new Agent(sys.gatewayUrl).post('/api/portal/activate', { token, password: STRONG_PASSWORD });
      expect(res.status).toBe(410);
      expect(res.body.error).toMatchObject({ code: 'invitation_expired', details: { field: 'token' } });
    } finally {
      await setLifetime(3600);
    }
  });

  it('lets an employee revoke a pending invitation, after which activation fails clearly', async () => {
    const { reviewId, email } = await reviewNewEmily(employee, undefined, await newContact(sys));
    const seen = tokensSeen(sys);
    await employee.post('/api/governance/link-wizard/confirm', { reviewId });
    const token = await nextToken(sys, email, seen);
    const onboarding = await stepReached(employee, `onboarding-${reviewId}`, 'waiting-activation');
    const revoked = await employee.post(`/api/governance/invitations/${onboarding.invitationId}/revoke`, {});
    expect(revoked.status).toBe(200);
    expect(revoked.body.status).toBe('revoked');
    const inv = await stepReached(employee, `invitation-${onboarding.invitationId}`, 'completed');
    expect(inv.outcome).toBe('revoked');
    expect((await stepReached(employee, `onboarding-${reviewId}`, 'completed')).outcome).toBe('revoked');
    const res = await new Agent(sys.gatewayUrl).post('/api/portal/activate', { token, password: STRONG_PASSWORD });
    expect(res.status).toBe(410);
    expect(res.body.error.code).toBe('invitation_revoked');
    const again = await employee.post(`/api/governance/invitations/${onboarding.invitationId}/revoke`, {});
    expect(again.status).toBe(409);
  });

  it('issuing a new invitation revokes the pending one, starts a new workflow, and onboarding follows it', async () => {
    const { reviewId, email } = await reviewNewEmily(employee, undefined, await newContact(sys));
    const seen = tokensSeen(sys);
    await employee.post('/api/governance/link-wizard/confirm', { reviewId });
    const first = await stepReached(employee, `onboarding-${reviewId}`, 'waiting-activation');
    await stepReached(employee, `invitation-${first.invitationId}`, 'waiting-activation');
    const firstToken = await nextToken(sys, email, seen);
    const answer = await employee.post(`/api/governance/links/${reviewId}/invitations`, {});
    expect(answer.status).toBe(202);
    const issued = answer.body as { invitationId: string; workflowId: string };
    expect(issued.workflowId).toBe(`invitation-${issued.invitationId}`);
    // Answered once identity recorded it: the first one is revoked already, the new one the only pending one.
    const statuses = Object.fromEntries((await invitationsOf(employee, reviewId)).map((i) => [i.id, i.status]));
    expect(statuses).toEqual({ [first.invitationId]: 'revoked', [issued.invitationId]: 'pending' });
    const secondToken = await nextToken(sys, email, [firstToken, ...seen]);
    expect((await stepReached(employee, `invitation-${first.invitationId}`, 'completed')).outcome).toBe('revoked');
    expect((await new Agent(sys.gatewayUrl).post('/api/portal/activate', { token: firstToken, password: STRONG_PASSWORD })).body.error.code).toBe(
      'invitation_revoked',
    );
    expect((await new Agent(sys.gatewayUrl).post('/api/portal/activate', { token: secondToken, password: STRONG_PASSWORD })).status).toBe(201);
    const done = await stepReached(employee, `onboarding-${reviewId}`, 'completed');
    expect(done).toMatchObject({ outcome: 'active', invitationId: issued.invitationId });
  });

  it('refuses an invitation for a link that does not exist', async () => {
    const res = await employee.post('/api/governance/links/00000000-0000-4000-8000-00000000dead/invitations', {});
    expect(res.status).toBe(404);
  });
});
