import { ActivityFailure, ApplicationFailure, condition, getExternalWorkflowHandle, proxyActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '../activities.js';
import type { InvitationInput } from '../../proto/gen/extranet/v1/workflows_pb.js';
import { statusQuery, type Plain, type Status } from '../messages.js';
import { activatedSignal, revokedSignal } from './messages.js';
import { invitationWorkflowId } from './ids.js';
import { onboardingWorkflowId } from '../onboarding/ids.js';
import { invitationEndedSignal, invitationIssuedSignal } from '../onboarding/messages.js';

const { recordInvitation, deliverInvitation, settleInvitation } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

/** Signals another workflow that may be gone already (closed or never started); that is fine. */
async function tell(workflowId: string, send: (h: ReturnType<typeof getExternalWorkflowHandle>) => Promise<void>) {
  try {
    await send(getExternalWorkflowHandle(workflowId));
  } catch {
    // The receiver is closed or unknown: nothing waits for this news.
  }
}

/**
 * The lifetime of one invitation: record it (revoking the link's previous
 * pending one), send the email once, then wait for activation, revocation or the
 * lifetime. The identity service's conditional updates are the truth; signals
 * only wake this workflow up early.
 */
export async function invitationWorkflow(input: Plain<InvitationInput>): Promise<Status> {
  const status: Status = { step: 'recording', linkId: input.linkId, invitationId: input.invitationId, outcome: '' };
  let woken = false;
  setHandler(statusQuery, () => status);
  setHandler(activatedSignal, () => void (woken = true));
  setHandler(revokedSignal, () => void (woken = true));

  const recorded = await recordInvitation(input);
  await tell(onboardingWorkflowId(input.linkId), (h) => h.signal(invitationIssuedSignal, input.invitationId));
  for (const old of recorded.revokedInvitationIds) await tell(invitationWorkflowId(old), (h) => h.signal(revokedSignal));

  if (!woken) {
    status.step = 'sending-email';
    try {
      await deliverInvitation({ invitationId: input.invitationId, linkId: input.linkId });
    } catch (err) {
      // Revoked before it could be sent: there is nothing to send any more.
      if (!(err instanceof ActivityFailure && err.cause instanceof ApplicationFailure && err.cause.type === 'invitation_not_pending')) throw err;
    }
  }

  for (;;) {
    status.step = 'waiting-activation';
    await condition(() => woken, Math.max(Date.parse(recorded.expiresAt) - Date.now(), 1));
    status.step = 'settling';
    const final = await settleInvitation(input.invitationId);
    if (final !== 'pending') {
      status.outcome = final;
      break;
    }
    woken = false;
  }
  status.step = 'completed';
  await tell(onboardingWorkflowId(input.linkId), (h) => h.signal(invitationEndedSignal, { invitationId: input.invitationId, outcome: status.outcome }));
  return status;
}
