import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities.js';
import type { InvitationInput } from '../../proto/gen/extranet/v1/workflows_pb.js';
import { statusQuery, type Input, type Status } from '../messages.js';
import { activatedSignal, revokedSignal } from './messages.js';
import { invitationWorkflowId } from './ids.js';

const { recordInvitation, deliverInvitation, settleInvitation } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

/** While waiting, identity's record is read again this often unless the input says otherwise. */
export const DEFAULT_RECHECK_SECONDS = 60;
/** Re-checks per run before continue-as-new starts the history afresh (about five hours at the default interval, some 3,300 events). */
export const DEFAULT_CHECKS_PER_RUN = 300;

/**
 * Tells the workflows of invitations identity has just revoked (a newer one
 * replaced them) so they end now rather than at their next re-check. A workflow
 * that is closed or unknown needs no news; identity's record is the truth either way.
 */
export async function tellRevoked(invitationIds: string[]): Promise<void> {
  for (const id of invitationIds) {
    try {
      await getExternalWorkflowHandle(invitationWorkflowId(id)).signal(revokedSignal);
    } catch {
      // Closed or never started: nothing waits for this news.
    }
  }
}

/** The input of `invitation-<invitationId>`: ids required, the rest has defaults. */
export type InvitationArgs = Input<InvitationInput, 'invitationId' | 'linkId' | 'employeeId'>;

/**
 * The lifetime of one invitation: record it (unless the onboarding workflow
 * that started it did; identity revokes the link's pending one first), send the
 * email at least once, then wait for activation, revocation or the end of its
 * lifetime, and settle. Identity's conditional updates are the truth: the
 * `activated` and `revoked` signals only wake this workflow early, and it reads
 * identity's record again every `recheckSeconds` while it waits, so a signal
 * lost on the way (Temporal unreachable from the gateway) delays the outcome by
 * at most that much. It knows nothing of who started it: its result is its outcome.
 */
export async function invitationWorkflow(input: InvitationArgs): Promise<Status> {
  const status: Status = { step: 'recording', linkId: input.linkId, invitationId: input.invitationId, outcome: '' };
  let woken = false;
  setHandler(statusQuery, () => status);
  setHandler(activatedSignal, () => void (woken = true));
  setHandler(revokedSignal, () => void (woken = true));

  let expiresAt = input.expiresAt;
  if (!expiresAt) {
    // Started on its own rather than by an onboarding: record it here.
    const recorded = await recordInvitation({ invitationId: input.invitationId, linkId: input.linkId, employeeId: input.employeeId });
    expiresAt = recorded.expiresAt;
    await tellRevoked(recorded.revokedInvitationIds);
  }

  if (!input.emailDone && !woken) {
    status.step = 'sending-email';
    try {
      await deliverInvitation({ invitationId: input.invitationId, linkId: input.linkId });
    } catch (err) {
      // Revoked before it could be sent: there is nothing to send any more.
      if (!(err instanceof ActivityFailure && err.cause instanceof ApplicationFailure && err.cause.type === 'invitation_not_pending')) throw err;
    }
  }

  const due = Date.parse(expiresAt);
  const recheckMs = (input.recheckSeconds || DEFAULT_RECHECK_SECONDS) * 1000;
  const checksPerRun = input.checksPerRun || DEFAULT_CHECKS_PER_RUN;
  for (let checks = 1; ; checks++) {
    status.step = 'waiting-activation';
    const left = due - Date.now();
    // Past the end of life and still pending (identity's clock is behind ours): look again in a second, not in a busy loop.
    await condition(() => woken, Math.min(left > 0 ? left : 1000, recheckMs));
    if (woken || Date.now() >= due) status.step = 'settling';
    // Reset before asking, so a signal that arrives while identity answers wakes the next wait.
    woken = false;
    const final = await settleInvitation(input.invitationId);
    if (final !== 'pending') {
      status.outcome = final;
      break;
    }
    if (!woken && (checks >= checksPerRun || workflowInfo().continueAsNewSuggested)) {
      // Hours of re-checks: the same invitation goes on in a fresh history (whoever awaits its result follows the chain).
      await condition(allHandlersFinished);
      return continueAsNew<typeof invitationWorkflow>({ ...input, expiresAt, emailDone: true });
    }
  }
  status.step = 'completed';
  return status;
}
