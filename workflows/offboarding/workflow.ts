import { getExternalWorkflowHandle, proxyActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '../activities.js';
import type { OffboardingInput, OffboardingReport } from '../../proto/gen/extranet/v1/workflows_pb.js';
import { statusQuery, type Plain, type Status } from '../messages.js';
import { invitationWorkflowId } from '../invitation/ids.js';
import { revokedSignal } from '../invitation/messages.js';

// Nothing here waits for people: every step is retried until it is done.
const acts = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/**
 * Ending a collaboration (seed page 000): disable or revoke the link, end the
 * sessions, revoke pending invitations and channel links, and report the
 * unfinished requests to close or hand over. The link status goes first, so
 * access stops before anything else happens; every step is idempotent.
 */
export async function offboardingWorkflow(input: Plain<OffboardingInput>): Promise<Plain<OffboardingReport>> {
  const status: Status = { step: 'ending-link', linkId: input.linkId, invitationId: '', outcome: '' };
  setHandler(statusQuery, () => status);
  const report: Plain<OffboardingReport> = {
    linkId: input.linkId,
    linkStatus: input.status,
    sessionsEnded: 0,
    invitationsRevoked: [],
    channelLinksRevoked: [],
    openRequestIds: [],
  };

  await acts.setLinkStatus({ linkId: input.linkId, status: input.status, employeeId: input.employeeId });
  status.step = 'ending-sessions';
  report.sessionsEnded = await acts.endSessions({ userId: input.userId, reason: `link_${input.status}` });
  // Disabling and revoking both close every way back in (seed page 000): invitations and channel links.
  status.step = 'revoking-invitations';
  report.invitationsRevoked = await acts.revokePendingInvitations(input.linkId);
  for (const id of report.invitationsRevoked) {
    try {
      await getExternalWorkflowHandle(invitationWorkflowId(id)).signal(revokedSignal);
    } catch {
      // Already closed: identity holds the truth.
    }
  }
  status.step = 'revoking-channel-links';
  report.channelLinksRevoked = await acts.revokeChannelLinks(input.linkId);
  status.step = 'listing-open-requests';
  report.openRequestIds = await acts.openRequests({ contactId: input.contactId, companyIds: input.companyIds });
  status.step = 'completed';
  status.outcome = input.status;
  return report;
}
