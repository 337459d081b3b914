import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, eventually } from '../../test/agent.js';
import { startSystem, type TestSystem } from '../../test/harness.js';
import { STRONG_PASSWORD, employeeAgent, newContact, nextToken, reviewNewEmily, stepReached } from '../../test/flows.js';

describe('the onboarding workflow survives its worker stopping', () => {
  let sys: TestSystem;
  let employee: Agent;
  beforeAll(async () => {
    sys = await startSystem({ noWorker: true });
    employee = await employeeAgent(sys);
  });
  afterAll(async () => sys?.stop());

  it('completes with exactly one link and one email after the worker is stopped mid-onboarding and started again', async () => {
    const { reviewId, userId, email } = await reviewNewEmily(employee);
    // Confirmed while no worker runs: the onboarding waits in Temporal, nothing is lost.
    expect((await employee.post('/api/governance/link-wizard/confirm', { reviewId })).status).toBe(202);
    expect(await sys.db('policy.links').where({ id: reviewId }).first()).toBeUndefined();

    await sys.startWorker();
    // Stop the worker as soon as the first step has written the link.
    await eventually(async () => ((await sys.db('policy.links').where({ id: reviewId }).first()) ? true : undefined), 20_000, 'the link');
    await sys.stopWorker();
    const paused = await sys.gateway.temporal.workflow.getHandle(`onboarding-${reviewId}`).describe();
    expect(paused.status.name).toBe('RUNNING');

    await sys.startWorker();
    const token = await nextToken(sys, email, []);
    await stepReached(employee, `onboarding-${reviewId}`, 'waiting-activation');
    expect((await new Agent(sys.gatewayUrl).post('/api/portal/activate', { token, password: STRONG_PASSWORD })).status).toBe(201);
    expect((await stepReached(employee, `onboarding-${reviewId}`, 'completed')).outcome).toBe('active');

    expect(await sys.db('policy.links').where({ user_id: userId })).toHaveLength(1);
    expect(await sys.db('identity.invitations').where({ link_id: reviewId })).toHaveLength(1);
    expect(sys.mail.messages().filter((m) => m.to.includes(email))).toHaveLength(1);
  });

  it('a worker restarted while the invitation waits still expires it on time', async () => {
    await sys.db('identity.security_settings').update({ invitation_lifetime_seconds: 3 });
    try {
      const { reviewId } = await reviewNewEmily(employee, undefined, await newContact(sys));
      await employee.post('/api/governance/link-wizard/confirm', { reviewId });
      await stepReached(employee, `onboarding-${reviewId}`, 'waiting-activation');
      await sys.stopWorker();
      await new Promise((r) => setTimeout(r, 3500));
      await sys.startWorker();
      expect((await stepReached(employee, `onboarding-${reviewId}`, 'completed')).outcome).toBe('expired');
    } finally {
      await sys.db('identity.security_settings').update({ invitation_lifetime_seconds: 3600 });
    }
  });
});
