import { WorkflowUpdateFailedError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvitationRefusedError, notifyInvitation, reissueInvitation, startOnboarding, workflowStatus } from '../../gateway/temporal.js';
import { type MockedTemporal, mockedTemporal, newLinkId, until } from '../testing.js';
import { onboardingWorkflowId } from './ids.js';
import { reissueInvitationUpdate } from './messages.js';
import type { Status } from '../messages.js';

const EMPLOYEE = '00000000-0000-4000-8000-000000000101';

describe('the onboarding workflow, with mocked activities', () => {
  let t: MockedTemporal;
  beforeAll(async () => {
    t = await mockedTemporal();
  });
  afterAll(async () => t?.close());

  const link = (linkId = newLinkId()) => ({
    linkId,
    employeeId: EMPLOYEE,
    companyIds: ['00000000-0000-4000-8000-0000000000c1'],
    contactEmail: 'contact@example.test',
    taskQueue: t.taskQueue,
  });
  const step = (linkId: string, wanted: string) =>
    until(async () => {
      const s = await workflowStatus(t.client, onboardingWorkflowId(linkId));
      return s?.step === wanted ? s : undefined;
    }, `onboarding-${linkId} at ${wanted}`);
  const result = (linkId: string) => t.client.workflow.getHandle(onboardingWorkflowId(linkId)).result() as Promise<Status>;

  it('creates the link, applies the starter policy, issues one invitation, and ends active on activation', async () => {
    const l = link();
    expect(await startOnboarding(t.client, l)).toEqual({ linkId: l.linkId, workflowId: `onboarding-${l.linkId}` });
    // A double confirm finds the same onboarding.
    expect(await startOnboarding(t.client, l)).toEqual({ linkId: l.linkId, workflowId: `onboarding-${l.linkId}` });
    const waiting = await step(l.linkId, 'waiting-activation');
    const [inv] = t.fake.invitationsOf(l.linkId);
    expect(waiting).toMatchObject({ linkId: l.linkId, invitationId: inv!.id, outcome: '', state: 'RUNNING' });
    // The onboarding waits once the invitation's workflow has started; its email goes out on that workflow's own time.
    await until(() => (t.fake.invitations.get(inv!.id)?.emails === 1 ? true : undefined), 'the email');
    expect(inv).toMatchObject({ status: 'pending', emails: 1, issuedBy: EMPLOYEE });

    expect(t.fake.activate(inv!.id)).toBe(true);
    expect(await notifyInvitation(t.client, inv!.id, 'activated')).toBe('signalled');
    expect(await result(l.linkId)).toMatchObject({ step: 'completed', outcome: 'active', invitationId: inv!.id });
    expect(await workflowStatus(t.client, onboardingWorkflowId(l.linkId))).toMatchObject({ outcome: 'active', state: 'COMPLETED' });

    expect(t.fake.called('createLink')).toEqual([[{ reviewId: l.linkId, employeeId: EMPLOYEE }]]);
    expect(t.fake.called('applyStarterPolicy')).toEqual([[l.linkId]]);
    expect(t.fake.invitationsOf(l.linkId)).toHaveLength(1);
    // Confirmed again after it finished: nothing new starts.
    await startOnboarding(t.client, l);
    expect(t.fake.called('createLink')).toHaveLength(1);
    // Its invitation's workflow is the onboarding's child and ended used.
    const child = await t.client.workflow.getHandle(`invitation-${inv!.id}`).describe();
    expect(child.parentExecution?.workflowId).toBe(`onboarding-${l.linkId}`);
    expect(child.status.name).toBe('COMPLETED');
  });

  it('ends expired when its invitation outlives its lifetime unused', async () => {
    t.fake.lifetimeMs = 1_500;
    try {
      const l = link();
      await startOnboarding(t.client, l);
      expect(await result(l.linkId)).toMatchObject({ outcome: 'expired' });
      expect(t.fake.invitationsOf(l.linkId).map((i) => i.status)).toEqual(['expired']);
    } finally {
      t.fake.lifetimeMs = 3_600_000;
    }
  });

  it('ends revoked when an employee revokes its invitation', async () => {
    const l = link();
    await startOnboarding(t.client, l);
    const { invitationId } = await step(l.linkId, 'waiting-activation');
    expect(t.fake.revoke(invitationId)).toBe(true);
    expect(await notifyInvitation(t.client, invitationId, 'revoked')).toBe('signalled');
    expect(await result(l.linkId)).toMatchObject({ outcome: 'revoked', invitationId });
  });

  it('re-issues through the update: the pending invitation is revoked first, the onboarding follows the new one, a retry issues nothing more', async () => {
    const l = link();
    await startOnboarding(t.client, l);
    const first = (await step(l.linkId, 'waiting-activation')).invitationId;
    // The first email goes out on its own time; re-issue once it has, so both counts below are certain.
    await until(() => (t.fake.invitations.get(first)?.emails === 1 ? true : undefined), 'the first email');
    const issued = await reissueInvitation(t.client, l);
    expect(issued.workflowId).toBe(`invitation-${issued.invitationId}`);
    expect(issued.invitationId).not.toBe(first);
    // Answered once recorded: identity already holds the new one as the only pending one.
    expect(t.fake.invitations.get(first)!.status).toBe('revoked');
    expect(t.fake.invitations.get(issued.invitationId)).toMatchObject({ status: 'pending' });
    // Retried with the same id (a timeout on the way back): the same answer, nothing new.
    expect(await reissueInvitation(t.client, { ...l, invitationId: issued.invitationId })).toEqual(issued);
    expect(t.fake.invitationsOf(l.linkId)).toHaveLength(2);
    // The revoked one's workflow was told and ended.
    expect(await t.client.workflow.getHandle(`invitation-${first}`).result()).toMatchObject({ outcome: 'revoked' });
    expect((await workflowStatus(t.client, onboardingWorkflowId(l.linkId)))!.invitationId).toBe(issued.invitationId);

    await until(() => (t.fake.invitations.get(issued.invitationId)!.emails === 1 ? true : undefined), 'the new email');
    t.fake.activate(issued.invitationId);
    await notifyInvitation(t.client, issued.invitationId, 'activated');
    expect(await result(l.linkId)).toMatchObject({ outcome: 'active', invitationId: issued.invitationId });
    expect(t.fake.invitationsOf(l.linkId).map((i) => [i.status, i.emails])).toEqual([
      ['revoked', 1],
      ['used', 1],
    ]);
  });

  it('refuses a re-issue while the first invitation is not issued yet, and one without an employee', async () => {
    const l = link();
    const release = t.fake.hold('createLink');
    try {
      await startOnboarding(t.client, l);
      await step(l.linkId, 'creating-link');
      const refused = await reissueInvitation(t.client, l).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(InvitationRefusedError);
      expect(refused).toMatchObject({ status: 409, code: 'onboarding_not_ready' });
      await expect(reissueInvitation(t.client, { ...l, employeeId: '' })).rejects.toMatchObject({ status: 422, code: 'reissue_invalid' });
      // The workflow's own validator, asked directly.
      const handle = t.client.workflow.getHandle(onboardingWorkflowId(l.linkId));
      const direct = await handle
        .executeUpdate(reissueInvitationUpdate, { args: [{ invitationId: 'not-a-uuid', employeeId: EMPLOYEE }] })
        .catch((e: unknown) => e);
      expect(direct).toBeInstanceOf(WorkflowUpdateFailedError);
      expect((direct as WorkflowUpdateFailedError).cause).toMatchObject({ type: 'reissue_invalid' });
    } finally {
      release();
    }
    await step(l.linkId, 'waiting-activation');
    // Refused updates leave nothing behind: one invitation.
    expect(t.fake.invitationsOf(l.linkId)).toHaveLength(1);
    expect(t.fake.called('recordInvitation').filter((a) => (a[0] as { linkId: string }).linkId === l.linkId)).toHaveLength(1);
  });

  it('answers the refusal of identity (the link is not active) and keeps following the pending invitation', async () => {
    const l = link();
    await startOnboarding(t.client, l);
    const first = (await step(l.linkId, 'waiting-activation')).invitationId;
    t.fake.links.get(l.linkId)!.status = 'disabled';
    await expect(reissueInvitation(t.client, l)).rejects.toMatchObject({ status: 409, code: 'link_not_active' });
    t.fake.links.get(l.linkId)!.status = 'active';
    expect((await workflowStatus(t.client, onboardingWorkflowId(l.linkId)))!).toMatchObject({ step: 'waiting-activation', invitationId: first });
    t.fake.activate(first);
    await notifyInvitation(t.client, first, 'activated');
    expect(await result(l.linkId)).toMatchObject({ outcome: 'active', invitationId: first });
  });

  it('re-issues after the onboarding closed as expired: a new run issues exactly the requested invitation, and activation ends it active', async () => {
    t.fake.lifetimeMs = 1_500;
    const l = link();
    try {
      await startOnboarding(t.client, l);
      expect(await result(l.linkId)).toMatchObject({ outcome: 'expired' });
    } finally {
      t.fake.lifetimeMs = 3_600_000;
    }
    const firstRun = (await t.client.workflow.getHandle(onboardingWorkflowId(l.linkId)).describe()).runId;
    const issued = await reissueInvitation(t.client, l);
    const handle = t.client.workflow.getHandle(onboardingWorkflowId(l.linkId));
    const run = await handle.describe();
    expect(run.runId).not.toBe(firstRun);
    expect(run.status.name).toBe('RUNNING');
    expect(t.fake.invitationsOf(l.linkId).map((i) => [i.id, i.status])).toEqual([
      [expect.any(String), 'expired'],
      [issued.invitationId, 'pending'],
    ]);
    await until(() => (t.fake.invitations.get(issued.invitationId)!.emails === 1 ? true : undefined), 'the email');
    t.fake.activate(issued.invitationId);
    await notifyInvitation(t.client, issued.invitationId, 'activated');
    expect(await result(l.linkId)).toMatchObject({ outcome: 'active', invitationId: issued.invitationId });
    expect(t.fake.invitationsOf(l.linkId)).toHaveLength(2);
    // The new run repeated the idempotent steps.
    expect(t.fake.called('createLink').filter((a) => (a[0] as { reviewId: string }).reviewId === l.linkId)).toHaveLength(2);
  });

  it('re-issues for a client who is already active: a new run with one new invitation, followed to its end', async () => {
    const l = link();
    await startOnboarding(t.client, l);
    const first = (await step(l.linkId, 'waiting-activation')).invitationId;
    t.fake.activate(first);
    await notifyInvitation(t.client, first, 'activated');
    expect(await result(l.linkId)).toMatchObject({ outcome: 'active' });

    const issued = await reissueInvitation(t.client, l);
    expect(await step(l.linkId, 'waiting-activation')).toMatchObject({ invitationId: issued.invitationId, state: 'RUNNING' });
    expect(t.fake.invitationsOf(l.linkId).map((i) => i.status)).toEqual(['used', 'pending']);
    t.fake.revoke(issued.invitationId);
    await notifyInvitation(t.client, issued.invitationId, 'revoked');
    expect(await result(l.linkId)).toMatchObject({ outcome: 'revoked', invitationId: issued.invitationId });
  });

  it('settles an activation whose signal was lost, from its re-check of identity', async () => {
    const l = link();
    await startOnboarding(t.client, { ...l, invitationRecheckSeconds: 1 });
    const { invitationId } = await step(l.linkId, 'waiting-activation');
    t.fake.activate(invitationId);
    // No signal: the gateway could not reach Temporal.
    const started = Date.now();
    expect(await result(l.linkId)).toMatchObject({ outcome: 'active' });
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
