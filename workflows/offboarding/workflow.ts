import { getExternalWorkflowHandle, patched, proxyActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '../activities.js';
import type { OffboardingInput } from '../../proto/gen/extranet/v1/workflows_pb.js';
import { statusQuery, type Input, type Report, type Status } from '../messages.js';
import { tellRevoked } from '../invitation/workflow.js';
import { signatureWorkflowId } from '../signature/ids.js';
import { signatureChangedSignal } from '../signature/messages.js';

// Nothing here waits for people: every step is retried until it is done.
const acts = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/** The input of `offboarding-<linkId>`. */
export type OffboardingArgs = Input<OffboardingInput, 'linkId' | 'status' | 'employeeId'>;

/**
 * Ending a collaboration (seed page 000): disable or revoke the link, end the
 * sessions, revoke pending invitations and channel links, and report the
 * unfinished requests left open; pending signature requests the contact
 * still had to sign are withdrawn, and each request the employee chose to
 * close or hand over is closed (with the reason the client reads) or handed
 * over (the new assignee is notified). The link status goes first, so
 * access stops before anything else happens; every step is idempotent. The
 * input names the link only: the activities read its user, contact and
 * companies from policy. The `status` query answers the report so far, so the
 * caller starts this workflow and follows it instead of waiting for it.
 */
export async function offboardingWorkflow(input: OffboardingArgs): Promise<Report> {
  const report: Report = {
    linkId: input.linkId,
    linkStatus: input.status,
    sessionsEnded: 0,
    invitationsRevoked: [],
    channelLinksRevoked: [],
    openRequestIds: [],
    signatureRequestsWithdrawn: [],
    closedRequestIds: [],
    handedOverRequestIds: [],
  };
  const status: Status = { step: 'ending-link', linkId: input.linkId, invitationId: '', outcome: '', report };
  setHandler(statusQuery, () => status);

  await acts.setLinkStatus({ linkId: input.linkId, status: input.status, employeeId: input.employeeId });
  status.step = 'ending-sessions';
  report.sessionsEnded = await acts.endSessions({ linkId: input.linkId, reason: `link_${input.status}` });
  // Disabling and revoking both close every way back in (seed page 000): invitations and channel links.
  status.step = 'revoking-invitations';
  report.invitationsRevoked = await acts.revokePendingInvitations(input.linkId);
  await tellRevoked(report.invitationsRevoked);
  status.step = 'revoking-channel-links';
  report.channelLinksRevoked = await acts.revokeChannelLinks(input.linkId);
  // Runs begun before this step existed replay without it.
  if (patched('withdraw-signatures')) {
    status.step = 'withdrawing-signature-requests';
    report.signatureRequestsWithdrawn = await acts.withdrawSignatures(input.linkId);
    // Each workflow finds the request ended at its next look; the signal makes that now.
    await Promise.all(
      report.signatureRequestsWithdrawn.map((id) =>
        getExternalWorkflowHandle(signatureWorkflowId(id))
          .signal(signatureChangedSignal)
          .catch(() => undefined),
      ),
    );
  }
  // What the employee chose for each unfinished request: closed with a reason the client reads, or handed over.
  if (patched('hand-over-requests')) {
    status.step = 'closing-or-handing-over-requests';
    for (const d of input.requests ?? []) {
      if (d.action === 'close') {
        await acts.closeRequest({ requestId: d.requestId, reason: d.reason, employeeId: input.employeeId });
        report.closedRequestIds.push(d.requestId);
      } else {
        await acts.handOverRequest({ requestId: d.requestId, toEmployeeId: d.employeeId, byEmployeeId: input.employeeId });
        report.handedOverRequestIds.push(d.requestId);
      }
    }
  }
  status.step = 'listing-open-requests';
  report.openRequestIds = await acts.openRequests(input.linkId);
  status.step = 'completed';
  status.outcome = input.status;
  return report;
}
