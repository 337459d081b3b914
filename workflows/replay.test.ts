/**
 * Determinism guard: the histories in workflows/histories/ were recorded from
 * real runs of every workflow (mocked activities, the dev server) and are
 * replayed here against the current workflow bundle. A change that makes a
 * workflow issue different commands for the same history — which would break
 * every workflow already running in production — fails this test. Such a
 * change needs `patched()` (or a new workflow type), not new histories.
 *
 * To record them again after an intended, compatible change (for example a new
 * scenario):
 *
 *   RECORD_HISTORIES=1 npx vitest run workflows/replay.test.ts && npx biome format --write workflows/histories
 *
 * The files are Temporal's own JSON form of a history, written by the Temporal
 * CLI (`temporal workflow show --output json`), as Temporal Web and every SDK
 * read them. Not with the SDK's historyToJSON/historyFromJSON: in this install
 * both throw "type must be a Type", because @temporalio/common and
 * @temporalio/proto each carry their own copy of protobufjs 8 (the top-level one
 * is grpc's protobufjs 7) and the JSON codec of one rejects the types of the
 * other; readHistory below falls back to the codec of @temporalio/proto's copy.
 */
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import { Worker } from '@temporalio/worker';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { notifyInvitation, reissueInvitation, startOffboarding, startOnboarding, workflowStatus } from '../gateway/temporal.js';
import { startSignature, wakeSignatures } from '../gateway/temporal-signatures.js';
import { findTemporalCli } from '../scripts/temporal-cli.mjs';
import { type MockedTemporal, mockedTemporal, newLinkId, until } from './testing.js';
import { invitationWorkflow } from './invitation/workflow.js';
import { fanOutWorkflow, notifyWorkflow } from './notify/workflow.js';
import { notificationSignal } from './notify/messages.js';

const DIR = fileURLToPath(new URL('./histories/', import.meta.url));
const RECORD = process.env.RECORD_HISTORIES === '1';
const EMPLOYEE = '00000000-0000-4000-8000-000000000101';

describe.runIf(RECORD)('recording the histories', () => {
  let t: MockedTemporal;
  beforeAll(async () => {
    t = await mockedTemporal();
    mkdirSync(DIR, { recursive: true });
  });
  afterAll(async () => t?.close());

  const save = async (name: string, workflowId: string, runId?: string) => {
    const cli = findTemporalCli();
    if (!cli) throw new Error('recording needs the Temporal CLI (npm run setup builds it, or set TEMPORAL_CLI)');
    const args = ['workflow', 'show', '--address', inject('temporalAddress'), '--output', 'json', '--workflow-id', workflowId];
    const json = execFileSync(cli, runId ? [...args, '--run-id', runId] : args, { encoding: 'utf8' });
    writeFileSync(`${DIR}${name}.json`, `${JSON.stringify(JSON.parse(json), null, 2)}\n`);
  };
  const facts = () => ({
    linkId: newLinkId(),
    employeeId: EMPLOYEE,
    companyIds: ['00000000-0000-4000-8000-0000000000c1'],
    contactEmail: 'contact@example.test',
    taskQueue: t.taskQueue,
  });
  const waiting = (linkId: string) =>
    until(async () => {
      const s = await workflowStatus(t.client, `onboarding-${linkId}`);
      return s?.step === 'waiting-activation' ? s : undefined;
    }, 'waiting-activation');
  const emailed = (id: string) => until(() => (t.fake.invitations.get(id)?.emails === 1 ? true : undefined), 'the email');

  it('onboarding: a refused re-issue (link disabled), a re-issue, activation of the new invitation', async () => {
    const f = facts();
    await startOnboarding(t.client, f);
    const first = (await waiting(f.linkId)).invitationId;
    await emailed(first);
    t.fake.links.get(f.linkId)!.status = 'disabled';
    await expect(reissueInvitation(t.client, f)).rejects.toMatchObject({ code: 'link_not_active' });
    t.fake.links.get(f.linkId)!.status = 'active';
    const issued = await reissueInvitation(t.client, f);
    await t.client.workflow.getHandle(`invitation-${first}`).result();
    await emailed(issued.invitationId);
    t.fake.activate(issued.invitationId);
    await notifyInvitation(t.client, issued.invitationId, 'activated');
    await t.client.workflow.getHandle(`onboarding-${f.linkId}`).result();
    await save('onboarding-reissued-active', `onboarding-${f.linkId}`);
    await save('invitation-revoked-by-reissue', `invitation-${first}`);
    await save('invitation-used', `invitation-${issued.invitationId}`);
  });

  it('onboarding: expired, then re-issued with update-with-start (a new run), activated', async () => {
    const f = facts();
    t.fake.lifetimeMs = 1_500;
    try {
      await startOnboarding(t.client, f);
      await t.client.workflow.getHandle(`onboarding-${f.linkId}`).result();
    } finally {
      t.fake.lifetimeMs = 3_600_000;
    }
    const expiredRun = (await t.client.workflow.getHandle(`onboarding-${f.linkId}`).describe()).runId;
    const [expired] = t.fake.invitationsOf(f.linkId);
    const issued = await reissueInvitation(t.client, f);
    await emailed(issued.invitationId);
    t.fake.activate(issued.invitationId);
    await notifyInvitation(t.client, issued.invitationId, 'activated');
    await t.client.workflow.getHandle(`onboarding-${f.linkId}`).result();
    await save('onboarding-expired', `onboarding-${f.linkId}`, expiredRun);
    await save('invitation-expired', `invitation-${expired!.id}`);
    await save('onboarding-reopened-active', `onboarding-${f.linkId}`);
  });

  it('invitation: started alone, re-checked until it continues as new, activated without a signal', async () => {
    const linkId = newLinkId();
    t.fake.links.set(linkId, { status: 'active' });
    const invitationId = newLinkId();
    const handle = await t.client.workflow.start(invitationWorkflow, {
      workflowId: `invitation-${invitationId}`,
      taskQueue: t.taskQueue,
      args: [{ invitationId, linkId, employeeId: EMPLOYEE, recheckSeconds: 1, checksPerRun: 2 }],
    });
    await until(async () => ((await handle.describe()).runId !== handle.firstExecutionRunId ? true : undefined), 'the second run');
    t.fake.activate(invitationId);
    await handle.result();
    await save('invitation-continued-as-new', `invitation-${invitationId}`, handle.firstExecutionRunId);
    await save('invitation-continued-used', `invitation-${invitationId}`);
  });

  it('offboarding: revoked, with a pending invitation told', async () => {
    const f = facts();
    await startOnboarding(t.client, f);
    const { invitationId } = await waiting(f.linkId);
    const { workflowId } = await startOffboarding(t.client, { ...f, status: 'revoked' });
    await t.client.workflow.getHandle(workflowId).result();
    await t.client.workflow.getHandle(`onboarding-${f.linkId}`).result();
    await save('offboarding-revoked', workflowId);
    await save('onboarding-revoked-by-offboarding', `onboarding-${f.linkId}`);
    await save('invitation-revoked-by-offboarding', `invitation-${invitationId}`);
  });

  it('signature: looks again on its timer, ends when a signal brings the last signature; offboarding withdrawing another', async () => {
    const signatureRequestId = newLinkId();
    t.fake.signatureRequests.set(signatureRequestId, { documentId: newLinkId(), userId: 'nobody', status: 'pending', wakeEveryMs: 700 });
    const start = { documentId: newLinkId(), companyIds: facts().companyIds, contactEmails: ['contact@example.test'], taskQueue: t.taskQueue };
    await startSignature(t.client, { ...start, signatureRequestId });
    await until(() => (t.fake.called('advanceSignatures').length >= 2 ? true : undefined), 'a second look');
    t.fake.signatureRequests.get(signatureRequestId)!.status = 'completed';
    await wakeSignatures(t.client, [signatureRequestId]);
    await t.client.workflow.getHandle(`signature-${signatureRequestId}`).result();
    await save('signature-completed', `signature-${signatureRequestId}`);

    const f = facts();
    await startOnboarding(t.client, f);
    await waiting(f.linkId);
    const withdrawnId = newLinkId();
    // The fake's signer is the link: offboarding withdraws the request it still had to sign.
    t.fake.signatureRequests.set(withdrawnId, { documentId: newLinkId(), userId: f.linkId, status: 'pending', wakeEveryMs: 3_600_000 });
    await startSignature(t.client, { ...start, signatureRequestId: withdrawnId });
    await until(() => (t.fake.called('advanceSignatures').some(([id]) => id === withdrawnId) ? true : undefined), 'its first look');
    const { workflowId } = await startOffboarding(t.client, { ...f, status: 'revoked' });
    await t.client.workflow.getHandle(workflowId).result();
    await t.client.workflow.getHandle(`signature-${withdrawnId}`).result();
    await save('offboarding-withdrawing-signatures', workflowId);
    await save('signature-withdrawn-by-offboarding', `signature-${withdrawnId}`);
  });

  it('notifications: a fan-out, and a recipient’s batch of two events (still running: it waits for more)', async () => {
    const event = (kind: string) => ({
      id: newLinkId(),
      kind,
      companyId: '',
      requestId: newLinkId(),
      documentId: '',
      actorId: EMPLOYEE,
      occurredAt: new Date().toISOString(),
    });
    const fan = event('request_status');
    await t.client.workflow.execute(fanOutWorkflow, { workflowId: `fanout-${fan.id}`, taskQueue: t.taskQueue, args: [{ event: fan, windowSeconds: 1 }] });
    await save('fanout-no-recipients', `fanout-${fan.id}`);
    const recipientId = newLinkId();
    for (const e of [event('request_reply'), event('request_status')])
      await t.client.workflow.signalWithStart(notifyWorkflow, {
        workflowId: `notify-${recipientId}`,
        taskQueue: t.taskQueue,
        args: [{ recipientId, audience: 'client', windowSeconds: 1 }],
        signal: notificationSignal,
        signalArgs: [e],
      });
    await until(
      () => (t.fake.called('deliverNotifications').some(([a]) => (a as { recipientId: string }).recipientId === recipientId) ? true : undefined),
      'the batch',
    );
    await save('notify-one-batch', `notify-${recipientId}`);
  });

  it('offboarding: one request closed with a reason, one handed over', async () => {
    const f = facts();
    await startOnboarding(t.client, f);
    await waiting(f.linkId);
    const requests = [
      { requestId: newLinkId(), action: 'close', reason: 'The contract ends', employeeId: '' },
      { requestId: newLinkId(), action: 'hand_over', reason: '', employeeId: EMPLOYEE },
    ];
    const { workflowId } = await startOffboarding(t.client, { ...f, status: 'revoked', requests });
    await t.client.workflow.getHandle(workflowId).result();
    await save('offboarding-handing-over', workflowId);
  });
});

/** A history from Temporal's JSON form: the SDK's reader, or the same reader built on @temporalio/proto's own protobufjs (see the top). */
function readHistory(json: unknown): ReturnType<typeof historyFromJSON> {
  try {
    return historyFromJSON(json);
  } catch (err) {
    if (!/type must be a Type/.test((err as Error).message)) throw err;
  }
  const fromCommon = createRequire(createRequire(import.meta.url).resolve('@temporalio/common'));
  const proto = fromCommon('@temporalio/proto');
  const { patchProtobufRoot } = fromCommon('@temporalio/proto/lib/patch-protobuf-root');
  const { fromJson } = createRequire(fromCommon.resolve('@temporalio/proto'))('protobufjs/ext/protojson');
  return fromJson(patchProtobufRoot(proto).lookupType('temporal.api.history.v1.History'), json, { ignoreUnknownFields: true });
}

describe('replaying the recorded histories', () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.json'));
  const histories = () => files.map((f) => ({ workflowId: f.replace(/\.json$/, ''), history: readHistory(JSON.parse(readFileSync(`${DIR}${f}`, 'utf8'))) }));
  const code = () => readFileSync(inject('workflowBundlePath'), 'utf8');

  it('covers every workflow type', () => {
    const types = new Set(histories().map((h) => h.history.events?.[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name));
    expect([...types].sort()).toEqual([
      'fanOutWorkflow',
      'invitationWorkflow',
      'notifyWorkflow',
      'offboardingWorkflow',
      'onboardingWorkflow',
      'signatureWorkflow',
    ]);
  });

  it('replays every one of them with the current workflow code', async () => {
    const results: { workflowId: string; error?: string }[] = [];
    for await (const r of Worker.runReplayHistories({ workflowBundle: { code: code() } }, histories()))
      results.push({ workflowId: r.workflowId, ...(r.error ? { error: `${r.error.name}: ${r.error.message}` } : {}) });
    expect(results).toEqual(files.map((f) => ({ workflowId: f.replace(/\.json$/, '') })));
  });

  it('fails on a change that is not deterministic (the guard works): the onboarding without its starter-policy step', async () => {
    const original = code();
    const step = 'await applyStarterPolicy(input.linkId);';
    expect(original).toContain(step);
    const changed = original.replace(step, '');
    const onboarding = histories().filter((h) => h.workflowId.startsWith('onboarding-'));
    const errors: string[] = [];
    for await (const r of Worker.runReplayHistories({ workflowBundle: { code: changed } }, onboarding)) if (r.error) errors.push(r.error.name);
    expect(errors).toHaveLength(onboarding.length);
    expect(new Set(errors)).toEqual(new Set(['DeterminismViolationError']));
  });
});
