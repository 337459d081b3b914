import { ParentClosePolicy, condition, proxyActivities, setHandler, startChild, uuid4, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities.js';
import type { OnboardingInput } from '../../proto/gen/extranet/v1/workflows_pb.js';
import { statusQuery, type Plain, type Status } from '../messages.js';
import { invitationWorkflow } from '../invitation/workflow.js';
import { invitationWorkflowId } from '../invitation/ids.js';
import { invitationEndedSignal, invitationIssuedSignal } from './messages.js';

const { createLink, applyStarterPolicy } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

/**
 * Client onboarding, started by confirming the link wizard: create the link,
 * apply the starter policy, issue the invitation (a child workflow), and end
 * when the client has activated it (outcome `active`) or the invitation
 * expired or was revoked with no newer one issued.
 */
export async function onboardingWorkflow(input: Plain<OnboardingInput>): Promise<Status> {
  const status: Status = { step: 'creating-link', linkId: input.linkId, invitationId: '', outcome: '' };
  const ended = new Map<string, string>();
  setHandler(statusQuery, () => status);
  setHandler(invitationIssuedSignal, (id) => void (status.invitationId = id));
  setHandler(invitationEndedSignal, ({ invitationId, outcome }) => void ended.set(invitationId, outcome));

  await createLink({ reviewId: input.linkId, employeeId: input.employeeId });
  status.step = 'applying-starter-policy';
  await applyStarterPolicy(input.linkId);

  status.step = 'issuing-invitation';
  const invitationId = uuid4();
  status.invitationId = invitationId;
  const child = await startChild(invitationWorkflow, {
    workflowId: invitationWorkflowId(invitationId),
    args: [{ invitationId, linkId: input.linkId, employeeId: input.employeeId }],
    parentClosePolicy: ParentClosePolicy.ABANDON,
    typedSearchAttributes: workflowInfo().typedSearchAttributes,
  });
  void child.result().then(
    (r) => void ended.set(invitationId, r.outcome),
    () => void ended.set(invitationId, 'failed'),
  );

  status.step = 'waiting-activation';
  // Follow the newest invitation of the link: a re-issue announces itself before revoking the old one.
  await condition(() => ended.has(status.invitationId));
  const outcome = ended.get(status.invitationId)!;
  status.outcome = outcome === 'used' ? 'active' : outcome;
  status.step = 'completed';
  return status;
}
