import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TemporalUnavailableError, notifyInvitation, reissueInvitation, startOffboarding, startOnboarding, workflowStatus } from '../gateway/temporal.js';
import { type MockedTemporal, mockedTemporal, newLinkId } from './testing.js';

const EMPLOYEE = '00000000-0000-4000-8000-000000000101';
const facts = (taskQueue: string) => ({
  linkId: newLinkId(),
  employeeId: EMPLOYEE,
  companyIds: ['00000000-0000-4000-8000-0000000000c1'],
  contactEmail: 'contact@example.test',
  taskQueue,
});

describe('gateway/temporal.ts when Temporal cannot answer', () => {
  let unreachable: Client;
  let connection: Connection;
  beforeAll(() => {
    // Nothing listens on port 1: every call fails as a down Temporal does.
    connection = Connection.lazy({ address: '127.0.0.1:1' });
    unreachable = new Client({ connection });
  });
  afterAll(async () => connection?.close());

  it('notifyInvitation retries within its budget, then answers undelivered instead of throwing', async () => {
    const started = Date.now();
    expect(await notifyInvitation(unreachable, newLinkId(), 'activated', { budgetMs: 1_500, attemptTimeoutMs: 500 })).toBe('undelivered');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('every other operation ends in TemporalUnavailableError (503) within its timeout', async () => {
    const started = Date.now();
    const f = facts('extranet');
    await expect(workflowStatus(unreachable, `onboarding-${f.linkId}`, { timeoutMs: 500 })).rejects.toBeInstanceOf(TemporalUnavailableError);
    await expect(startOnboarding(unreachable, { ...f, timeoutMs: 500 })).rejects.toMatchObject({ status: 503, code: 'temporal_unavailable' });
    await expect(startOffboarding(unreachable, { ...f, status: 'disabled', timeoutMs: 500 })).rejects.toBeInstanceOf(TemporalUnavailableError);
    const err = await reissueInvitation(unreachable, { ...f, timeoutMs: 500 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TemporalUnavailableError);
    // The invitation id to retry with: a retry issues nothing twice.
    expect((err as TemporalUnavailableError).details.invitationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe('gateway/temporal.ts against the dev server', () => {
  let t: MockedTemporal;
  beforeAll(async () => {
    t = await mockedTemporal();
  });
  afterAll(async () => t?.close());

  it('a re-issue nobody can run (no worker on the queue) ends in time with the id to retry with', async () => {
    const f = facts(`nobody-${newLinkId()}`);
    const started = Date.now();
    const err = await reissueInvitation(t.client, { ...f, timeoutMs: 1_500 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TemporalUnavailableError);
    expect(Date.now() - started).toBeLessThan(8_000);
    await t.client.workflow.getHandle(`onboarding-${f.linkId}`).terminate('test over');
  });

  it('notifyInvitation: an unknown workflow is done, nothing to tell', async () => {
    expect(await notifyInvitation(t.client, newLinkId(), 'revoked')).toBe('closed');
  });

  it('workflowStatus: null for a workflow that does not exist', async () => {
    expect(await workflowStatus(t.client, `onboarding-${newLinkId()}`)).toBeNull();
  });

  it('startOnboarding puts the search attributes on the onboarding and its invitations', async () => {
    const f = facts(t.taskQueue);
    await startOnboarding(t.client, f);
    const handle = t.client.workflow.getHandle(`onboarding-${f.linkId}`);
    const described = await handle.describe();
    expect(described.typedSearchAttributes.getAll().map((p) => [p.key.name, p.value])).toEqual(
      expect.arrayContaining([
        ['ExtranetLinkId', f.linkId],
        ['ExtranetCompanyIds', f.companyIds],
        ['ExtranetContactEmail', f.contactEmail],
      ]),
    );
    await handle.terminate('test over');
  });
});
