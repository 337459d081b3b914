import {
  ActivityFailure,
  ApplicationFailure,
  ParentClosePolicy,
  TemporalFailure,
  allHandlersFinished,
  condition,
  proxyActivities,
  setHandler,
  startChild,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities.js';
import type { OnboardingInput } from '../../proto/gen/extranet/v1/workflows_pb.js';
import { statusQuery, type Input, type Status } from '../messages.js';
import { invitationWorkflow, tellRevoked } from '../invitation/workflow.js';
import { invitationWorkflowId } from '../invitation/ids.js';
import { ReissueRefusal, reissueInvitationUpdate } from './messages.js';

const { createLink, applyStarterPolicy, recordInvitation } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What an update's caller sees when issuing failed: the service's refusal (e.g. `link_not_active`) as it is, anything else named. */
function updateFailure(err: unknown): TemporalFailure {
  if (err instanceof ActivityFailure && err.cause instanceof ApplicationFailure) return err.cause;
  if (err instanceof TemporalFailure) return err;
  return ApplicationFailure.nonRetryable(`the invitation could not be issued: ${(err as Error).message}`, 'invitation_not_issued');
}

/** The input of `onboarding-<linkId>`: the link and who confirmed it are required. */
export type OnboardingArgs = Input<OnboardingInput, 'linkId' | 'employeeId'>;

/**
 * Client onboarding, started by confirming the link wizard: create the link,
 * apply the starter policy, issue the first invitation, and end when every
 * invitation this run issued has ended: `active` when one of them was used,
 * otherwise as the newest one ended (`expired`, `revoked`, `failed`).
 *
 * The workflow owns the link's invitations: it records each one at identity and
 * starts its lifetime workflow as a child, whose result it awaits. A re-issue is
 * the `reissueInvitation` update; after this workflow has closed, the caller
 * uses update-with-start, and the new run (input `invitationId` set) issues
 * exactly the requested invitation as its first. Creating the link and the
 * starter policy are idempotent, so a new run repeats them harmlessly.
 */
export async function onboardingWorkflow(input: OnboardingArgs): Promise<Status> {
  const status: Status = { step: 'creating-link', linkId: input.linkId, invitationId: '', outcome: '' };
  const firstId = input.invitationId || uuid4();
  /** Every invitation this run was asked to issue: settles when it is recorded and its workflow started. */
  const issuing = new Map<string, Promise<void>>();
  /** Those recorded and started. */
  const issued = new Set<string>();
  /** How each issued invitation ended: its workflow's outcome. */
  const ended = new Map<string, string>();
  let busy = false;

  /** Records the invitation and starts its workflow; one at a time, so identity records them in the order they were asked for. */
  function issue(invitationId: string, employeeId: string): Promise<void> {
    const done = (async () => {
      await condition(() => !busy);
      busy = true;
      try {
        const recorded = await recordInvitation({ invitationId, linkId: input.linkId, employeeId });
        const child = await startChild(invitationWorkflow, {
          workflowId: invitationWorkflowId(invitationId),
          args: [
            {
              invitationId,
              linkId: input.linkId,
              employeeId,
              expiresAt: recorded.expiresAt,
              recheckSeconds: input.invitationRecheckSeconds ?? 0,
            },
          ],
          parentClosePolicy: ParentClosePolicy.ABANDON,
          typedSearchAttributes: workflowInfo().typedSearchAttributes,
        }).catch((err: unknown) => {
          // Its workflow id is taken by a running workflow (started by hand, or by a run that was terminated).
          throw err instanceof TemporalFailure
            ? err
            : ApplicationFailure.nonRetryable(`invitation-${invitationId} cannot start: ${(err as Error).message}`, 'invitation_workflow_exists');
        });
        issued.add(invitationId);
        status.invitationId = invitationId;
        void child.result().then(
          (r) => void ended.set(invitationId, r.outcome),
          () => void ended.set(invitationId, 'failed'),
        );
        // Identity revoked the pending one while recording this one: its workflow hears it now.
        await tellRevoked(recorded.revokedInvitationIds);
      } finally {
        busy = false;
      }
    })();
    // Awaited by the main path or an update handler; marked handled here so a failure is theirs to report.
    done.catch(() => undefined);
    issuing.set(invitationId, done);
    return done;
  }

  setHandler(statusQuery, () => status);
  setHandler(
    reissueInvitationUpdate,
    async ({ invitationId, employeeId }) => {
      // The first invitation is issued by the main path below (a run started for this very request issues it there).
      if (invitationId === firstId) await condition(() => issuing.has(firstId));
      try {
        await (issuing.get(invitationId) ?? issue(invitationId, employeeId));
      } catch (err) {
        throw updateFailure(err);
      }
      return { invitationId };
    },
    {
      validator: ({ invitationId, employeeId }) => {
        if (!employeeId) throw ApplicationFailure.nonRetryable('employeeId is required: who asks for the invitation', ReissueRefusal.invalid);
        if (!UUID.test(invitationId ?? '')) throw ApplicationFailure.nonRetryable('invitationId must be a uuid', ReissueRefusal.invalid);
        // Asked again (a retried request): answered with the same invitation.
        if (invitationId === firstId || issuing.has(invitationId)) return;
        if (!issued.has(firstId))
          throw ApplicationFailure.nonRetryable('the onboarding has not issued its first invitation yet; try again in a moment', ReissueRefusal.notReady);
      },
    },
  );

  await createLink({ reviewId: input.linkId, employeeId: input.employeeId });
  status.step = 'applying-starter-policy';
  await applyStarterPolicy(input.linkId);

  status.step = 'issuing-invitation';
  try {
    await issue(firstId, input.employeeId);
  } catch (err) {
    // Identity refused it (e.g. the link was disabled meanwhile): nothing to wait for. An update for it reports the reason.
    if (!(err instanceof TemporalFailure)) throw err;
    await condition(allHandlersFinished);
    status.outcome = 'failed';
    status.step = 'completed';
    return status;
  }

  status.step = 'waiting-activation';
  // Every invitation of this run has ended and no re-issue is under way. A re-issue revokes the pending one first,
  // so the older ones end soon after a newer one is recorded; the newest decides unless one of them was used.
  await condition(() => !busy && allHandlersFinished() && [...issued].every((id) => ended.has(id)));
  const outcomes = [...ended.values()];
  const newest = ended.get(status.invitationId)!;
  status.outcome = outcomes.includes('used') ? 'active' : newest;
  status.step = 'completed';
  return status;
}
