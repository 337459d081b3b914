import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OffboardingRunningError, startOffboarding, workflowStatus } from '../../gateway/temporal.js';
import { type MockedTemporal, mockedTemporal, newLinkId, until } from '../testing.js';
import type { Report } from '../messages.js';
import { invitationWorkflow } from '../invitation/workflow.js';
import { offboardingWorkflowId } from './ids.js';

const EMPLOYEE = '00000000-0000-4000-8000-000000000101';

describe('the offboarding workflow, with mocked activities', () => {
  let t: MockedTemporal;
  beforeAll(async () => {
    t = await mockedTemporal();
  });
  afterAll(async () => t?.close());

  const activeLink = () => {
    const linkId = newLinkId();
    t.fake.links.set(linkId, { status: 'active' });
    return linkId;
  };
  const options = (linkId: string, status: 'disabled' | 'revoked' = 'revoked') => ({
    linkId,
    status,
    employeeId: EMPLOYEE,
    companyIds: ['00000000-0000-4000-8000-0000000000c1'],
    taskQueue: t.taskQueue,
  });

  it('answers at once; its status query shows the report so far, step by step, and its result is the whole report', async () => {
    const linkId = activeLink();
    // A pending invitation with its workflow waiting: the offboarding revokes it and tells the workflow.
    const invitationId = randomUUID();
    const invitation = await t.client.workflow.start(invitationWorkflow, {
      workflowId: `invitation-${invitationId}`,
      taskQueue: t.taskQueue,
      args: [{ invitationId, linkId, employeeId: EMPLOYEE }],
    });
    await until(() => (t.fake.invitations.get(invitationId)?.emails === 1 ? true : undefined), 'the invitation email');

    const release = t.fake.hold('openRequests');
    let started: { workflowId: string };
    try {
      started = await startOffboarding(t.client, options(linkId));
      expect(started).toEqual({ workflowId: `offboarding-${linkId}` });
      const midway = await until(async () => {
        const s = await workflowStatus(t.client, started.workflowId);
        return s?.step === 'listing-open-requests' ? s : undefined;
      }, 'the last step');
      expect(midway).toMatchObject({
        linkId,
        outcome: '',
        state: 'RUNNING',
        report: {
          linkId,
          linkStatus: 'revoked',
          sessionsEnded: 2,
          invitationsRevoked: [invitationId],
          channelLinksRevoked: ['7d1c1f52-4b8e-4f0a-9a57-0c0ffee00001'],
          openRequestIds: [],
        },
      });
      // Running: a second start is a conflict the route answers with 409.
      const conflict = await startOffboarding(t.client, options(linkId)).catch((e: unknown) => e);
      expect(conflict).toBeInstanceOf(OffboardingRunningError);
      expect(conflict).toMatchObject({ status: 409, code: 'offboarding_running', workflowId: started.workflowId });
    } finally {
      release();
    }
    const report = (await t.client.workflow.getHandle(started.workflowId).result()) as Report;
    expect(report.openRequestIds).toEqual(['7d1c1f52-4b8e-4f0a-9a57-0c0ffee00002', '7d1c1f52-4b8e-4f0a-9a57-0c0ffee00003']);
    expect(await workflowStatus(t.client, started.workflowId)).toMatchObject({ step: 'completed', outcome: 'revoked', state: 'COMPLETED', report });
    // The link status went first; the activities got the link id, never a user, contact or company.
    expect(t.fake.links.get(linkId)!.status).toBe('revoked');
    expect(t.fake.called('setLinkStatus')).toContainEqual([{ linkId, status: 'revoked', employeeId: EMPLOYEE }]);
    expect(t.fake.called('endSessions')).toContainEqual([{ linkId, reason: 'link_revoked' }]);
    expect(t.fake.called('openRequests')).toContainEqual([linkId]);
    // The invitation's workflow heard it at once (its re-check is a minute away).
    expect(await invitation.result()).toMatchObject({ outcome: 'revoked' });
  });

  it('takes ids only as input, and a link may be offboarded again once the earlier run is over', async () => {
    const linkId = activeLink();
    const { workflowId } = await startOffboarding(t.client, options(linkId, 'disabled'));
    await t.client.workflow.getHandle(workflowId).result();
    const history = await t.client.workflow.getHandle(workflowId).fetchHistory();
    const input = history.events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads![0]!;
    expect(JSON.parse(Buffer.from(input.data!).toString())).toEqual({ linkId, status: 'disabled', employeeId: EMPLOYEE, requests: [] });
    t.fake.links.get(linkId)!.status = 'active';
    const again = await startOffboarding(t.client, options(linkId, 'revoked'));
    expect(await t.client.workflow.getHandle(again.workflowId).result()).toMatchObject({ linkStatus: 'revoked' });
    expect(await workflowStatus(t.client, offboardingWorkflowId(newLinkId()))).toBeNull();
  });
});
