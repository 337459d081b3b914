import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifyInvitation, workflowStatus } from '../../gateway/temporal.js';
import { type MockedTemporal, mockedTemporal, newLinkId, until } from '../testing.js';
import type { Status } from '../messages.js';
import { type InvitationArgs, invitationWorkflow } from './workflow.js';
import { invitationWorkflowId } from './ids.js';

const EMPLOYEE = '00000000-0000-4000-8000-000000000101';

describe('the invitation lifetime workflow, with mocked activities', () => {
  let t: MockedTemporal;
  beforeAll(async () => {
    t = await mockedTemporal();
  });
  afterAll(async () => t?.close());

  /** A link the fake policy knows, active. */
  const activeLink = () => {
    const linkId = newLinkId();
    t.fake.links.set(linkId, { status: 'active' });
    return linkId;
  };
  const start = async (args: Partial<InvitationArgs> & { linkId: string }) => {
    const invitationId = args.invitationId ?? randomUUID();
    const handle = await t.client.workflow.start(invitationWorkflow, {
      workflowId: invitationWorkflowId(invitationId),
      taskQueue: t.taskQueue,
      args: [{ employeeId: EMPLOYEE, ...args, invitationId }],
    });
    return { invitationId, handle, result: () => handle.result() as Promise<Status> };
  };
  const emailed = (id: string) => until(() => (t.fake.invitations.get(id)?.emails === 1 ? true : undefined), `the email of ${id}`);

  it('records itself when started alone, sends one email, and expires at the end of its lifetime', async () => {
    t.fake.lifetimeMs = 1_500;
    try {
      const linkId = activeLink();
      const inv = await start({ linkId });
      expect(await inv.result()).toEqual({ step: 'completed', linkId, invitationId: inv.invitationId, outcome: 'expired' });
      expect(t.fake.invitations.get(inv.invitationId)).toMatchObject({ status: 'expired', emails: 1, issuedBy: EMPLOYEE });
      expect(t.fake.called('recordInvitation')).toContainEqual([{ invitationId: inv.invitationId, linkId, employeeId: EMPLOYEE }]);
    } finally {
      t.fake.lifetimeMs = 3_600_000;
    }
  });

  it('settles at once on the activated signal, long before its next re-check', async () => {
    const linkId = activeLink();
    const inv = await start({ linkId });
    await emailed(inv.invitationId);
    await until(
      async () => ((await workflowStatus(t.client, invitationWorkflowId(inv.invitationId)))?.step === 'waiting-activation' ? true : undefined),
      'waiting',
    );
    t.fake.activate(inv.invitationId);
    const before = Date.now();
    expect(await notifyInvitation(t.client, inv.invitationId, 'activated')).toBe('signalled');
    expect(await inv.result()).toMatchObject({ outcome: 'used' });
    expect(Date.now() - before).toBeLessThan(10_000); // the default re-check is 60 s
    // Told again after it closed: done, not an error.
    expect(await notifyInvitation(t.client, inv.invitationId, 'activated')).toBe('closed');
  });

  it('settles an activation whose signal never came, from its re-check of identity every recheckSeconds', async () => {
    const linkId = activeLink();
    const inv = await start({ linkId, recheckSeconds: 1 });
    await emailed(inv.invitationId);
    t.fake.activate(inv.invitationId);
    expect(await inv.result()).toMatchObject({ outcome: 'used' });
  });

  it('sends nothing when revoked before its email went out', async () => {
    const linkId = activeLink();
    const release = t.fake.hold('deliverInvitation');
    let inv: Awaited<ReturnType<typeof start>>;
    try {
      inv = await start({ linkId });
      await until(() => (t.fake.called('deliverInvitation').length && t.fake.invitations.has(inv.invitationId) ? true : undefined), 'the send step');
      t.fake.revoke(inv.invitationId);
      await notifyInvitation(t.client, inv.invitationId, 'revoked');
    } finally {
      release();
    }
    expect(await inv.result()).toMatchObject({ outcome: 'revoked' });
    expect(t.fake.invitations.get(inv.invitationId)!.emails).toBe(0);
  });

  it('a newer invitation of the link revokes the pending one at identity and tells its workflow', async () => {
    const linkId = activeLink();
    const older = await start({ linkId });
    await emailed(older.invitationId);
    const newer = await start({ linkId });
    // The default re-check is a minute away: only the signal ends it this soon.
    expect(await older.result()).toMatchObject({ outcome: 'revoked' });
    await emailed(newer.invitationId);
    expect(t.fake.invitations.get(newer.invitationId)!.status).toBe('pending');
    await newer.handle.terminate('test over');
  });

  it('does not record again what its starter recorded (expiresAt in the input)', async () => {
    const linkId = activeLink();
    const invitationId = randomUUID();
    await t.fake.activities().recordInvitation({ invitationId, linkId, employeeId: EMPLOYEE });
    const calls = t.fake.called('recordInvitation').length;
    const inv = await start({ linkId, invitationId, expiresAt: new Date(t.fake.invitations.get(invitationId)!.expiresAt).toISOString() });
    await emailed(invitationId);
    t.fake.activate(invitationId);
    await notifyInvitation(t.client, invitationId, 'activated');
    expect(await inv.result()).toMatchObject({ outcome: 'used' });
    expect(t.fake.called('recordInvitation')).toHaveLength(calls);
  });

  it('continues as new after checksPerRun re-checks, without a second email, and its result follows the chain', async () => {
    const linkId = activeLink();
    const inv = await start({ linkId, recheckSeconds: 1, checksPerRun: 2 });
    const firstRun = inv.handle.firstExecutionRunId;
    await until(async () => ((await inv.handle.describe()).runId !== firstRun ? true : undefined), 'a second run');
    const history = await t.client.workflow.getHandle(invitationWorkflowId(inv.invitationId), firstRun).fetchHistory();
    expect(history.events!.at(-1)!.workflowExecutionContinuedAsNewEventAttributes).toBeTruthy();
    t.fake.activate(inv.invitationId);
    expect(await inv.result()).toMatchObject({ outcome: 'used', invitationId: inv.invitationId });
    expect(t.fake.invitations.get(inv.invitationId)!.emails).toBe(1);
    expect(t.fake.called('recordInvitation').filter((a) => (a[0] as { invitationId: string }).invitationId === inv.invitationId)).toHaveLength(1);
    expect(t.fake.called('deliverInvitation').filter((a) => (a[0] as { invitationId: string }).invitationId === inv.invitationId)).toHaveLength(1);
  });
});
