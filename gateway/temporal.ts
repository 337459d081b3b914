import {
  ApplicationFailure,
  type Client,
  WithStartWorkflowOperation,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import type { Plain } from '../internal/messages.js';
import type { RequestDisposition } from '../proto/gen/extranet/v1/governance_pb.js';
import { logger } from '../lib/logger.js';
import { onboardingWorkflow } from '../workflows/onboarding/workflow.js';
import { onboardingWorkflowId } from '../workflows/onboarding/ids.js';
import { ReissueRefusal, reissueInvitationUpdate } from '../workflows/onboarding/messages.js';
import { InvitationRefusedError, OffboardingRunningError, TRANSIENT, TemporalUnavailableError, grpcCode } from './temporal-errors.js';

export { InvitationRefusedError, OffboardingRunningError, TemporalUnavailableError };
import { invitationWorkflowId } from '../workflows/invitation/ids.js';
import { activatedSignal, revokedSignal } from '../workflows/invitation/messages.js';
import { offboardingWorkflow } from '../workflows/offboarding/workflow.js';
import { offboardingWorkflowId } from '../workflows/offboarding/ids.js';
import { CompanyIdsAttr, ContactEmailAttr, LinkIdAttr, type Status, statusQuery } from '../workflows/messages.js';

/**
 * Everything the gateway asks of Temporal, as plain functions of a `Client`:
 * routes call these and never the SDK. Every call is bounded in time
 * (`timeoutMs`, default 10 s); Temporal's own trouble becomes a
 * TemporalUnavailableError (503), a refusal a typed error with its HTTP answer.
 */

/** How long one operation may take, Temporal's own retries included, unless the caller says otherwise. */
export const DEFAULT_TIMEOUT_MS = 10_000;

const within = <R>(client: Client, timeoutMs: number | undefined, fn: () => Promise<R>) =>
  client.connection.withDeadline(Date.now() + (timeoutMs ?? DEFAULT_TIMEOUT_MS), fn);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The link facts every onboarding run is started with: ids, and the search attributes operators filter by in Temporal Web. */
export interface LinkFacts {
  linkId: string;
  companyIds: string[];
  /** Only for the `ExtranetContactEmail` search attribute (see README): never part of a workflow input. */
  contactEmail: string;
}

const linkAttributes = (link: LinkFacts) => [
  { key: LinkIdAttr, value: link.linkId },
  { key: CompanyIdsAttr, value: link.companyIds },
  { key: ContactEmailAttr, value: link.contactEmail },
];

// ---- onboarding ----

export interface StartOnboardingOptions extends LinkFacts {
  /** Who confirmed the wizard. */
  employeeId: string;
  taskQueue: string;
  /** How often its invitations re-read identity while they wait (seconds); default 60. */
  invitationRecheckSeconds?: number;
  timeoutMs?: number;
}

/**
 * Starts `onboarding-<linkId>` for a confirmed review. A double confirm finds
 * the running one (USE_EXISTING), and one that already finished is not started
 * again (REJECT_DUPLICATE): either way the answer is the same workflow id.
 *
 * @throws TemporalUnavailableError
 */
export async function startOnboarding(client: Client, o: StartOnboardingOptions): Promise<{ linkId: string; workflowId: string }> {
  const workflowId = onboardingWorkflowId(o.linkId);
  try {
    await within(client, o.timeoutMs, () =>
      client.workflow.start(onboardingWorkflow, {
        workflowId,
        taskQueue: o.taskQueue,
        workflowIdConflictPolicy: 'USE_EXISTING',
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        args: [{ linkId: o.linkId, employeeId: o.employeeId, invitationRecheckSeconds: o.invitationRecheckSeconds ?? 0 }],
        typedSearchAttributes: linkAttributes(o),
      }),
    );
  } catch (err) {
    // Confirmed before and already finished: the same onboarding, nothing new starts.
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw new TemporalUnavailableError('starting the onboarding', err);
  }
  return { linkId: o.linkId, workflowId };
}

export interface ReissueInvitationOptions extends LinkFacts {
  /** Who asks for the new invitation. */
  employeeId: string;
  taskQueue: string;
  /** The new invitation's id; default a new uuid. Pass the same id again to retry after a timeout: nothing is issued twice. */
  invitationId?: string;
  invitationRecheckSeconds?: number;
  timeoutMs?: number;
}

/**
 * A new invitation for the link, issued by the link's onboarding workflow (the
 * `reissueInvitation` update): identity records it, revoking the pending one
 * first, and its workflow `invitation-<invitationId>` starts and sends the email.
 * When the onboarding has closed (its invitation expired, or the client is
 * active and needs a new one), update-with-start starts a new run of
 * `onboarding-<linkId>` that issues exactly this invitation. Answers once the
 * invitation is recorded. Check that the link is active first: a refusal still
 * leaves a new (failed) run of the onboarding when it had closed.
 *
 * @throws InvitationRefusedError (422 invalid, 409 not ready or refused by identity, e.g. `link_not_active`)
 * @throws TemporalUnavailableError (details.invitationId: retry with it)
 */
export async function reissueInvitation(client: Client, o: ReissueInvitationOptions): Promise<{ invitationId: string; workflowId: string }> {
  const invitationId = o.invitationId ?? randomUUID();
  if (!o.employeeId) throw new InvitationRefusedError(ReissueRefusal.invalid, 'employeeId is required');
  const startWorkflowOperation = new WithStartWorkflowOperation(onboardingWorkflow, {
    workflowId: onboardingWorkflowId(o.linkId),
    taskQueue: o.taskQueue,
    workflowIdConflictPolicy: 'USE_EXISTING',
    workflowIdReusePolicy: 'ALLOW_DUPLICATE',
    // Used only when no run is open: the new run issues this invitation as its first.
    args: [{ linkId: o.linkId, employeeId: o.employeeId, invitationId, invitationRecheckSeconds: o.invitationRecheckSeconds ?? 0 }],
    typedSearchAttributes: linkAttributes(o),
  });
  try {
    const result = await within(client, o.timeoutMs, () =>
      client.workflow.executeUpdateWithStart(reissueInvitationUpdate, {
        // The update id is the invitation id: a retried request is answered, not repeated.
        updateId: invitationId,
        args: [{ invitationId, employeeId: o.employeeId }],
        startWorkflowOperation,
      }),
    );
    return { invitationId: result.invitationId, workflowId: invitationWorkflowId(result.invitationId) };
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError) {
      const cause = err.cause;
      if (cause instanceof ApplicationFailure && cause.type) throw new InvitationRefusedError(cause.type, cause.message);
      throw new InvitationRefusedError('invitation_not_issued', cause instanceof Error ? cause.message : err.message);
    }
    if (err instanceof InvitationRefusedError) throw err;
    throw new TemporalUnavailableError(
      err instanceof WorkflowUpdateRPCTimeoutOrCancelledError ? 'issuing the invitation, not finished in time' : 'issuing the invitation',
      err,
      { invitationId },
    );
  }
}

// ---- invitation news ----

export interface NotifyOptions {
  /** The whole budget, retries and back-off included; default 10 s. */
  budgetMs?: number;
  /** One attempt at most; default 3 s. */
  attemptTimeoutMs?: number;
  /** First pause between attempts, doubled each time up to `maxDelayMs`; default 100 ms and 2 s. */
  initialDelayMs?: number;
  maxDelayMs?: number;
}

/** `signalled`: the workflow has the news; `closed`: it has ended (or never existed), nothing waits for it; `undelivered`: see notifyInvitation. */
export type NotifyOutcome = 'signalled' | 'closed' | 'undelivered';

/**
 * Tells `invitation-<invitationId>` that identity recorded its activation or
 * revocation, so it settles now. Retries with back-off within a bounded budget;
 * a closed or unknown workflow counts as done. It does not throw: when Temporal
 * stays unreachable, or refuses for good, it logs a warning and answers
 * `undelivered` — the news is not lost, because identity holds it and the
 * invitation workflow re-reads identity's record every `recheckSeconds`
 * (default 60 s) while it waits, and settles from it.
 */
export async function notifyInvitation(client: Client, invitationId: string, event: 'activated' | 'revoked', opts: NotifyOptions = {}): Promise<NotifyOutcome> {
  const budgetMs = opts.budgetMs ?? 10_000;
  const attemptTimeoutMs = opts.attemptTimeoutMs ?? 3_000;
  const maxDelayMs = opts.maxDelayMs ?? 2_000;
  const until = Date.now() + budgetMs;
  const handle = client.workflow.getHandle(invitationWorkflowId(invitationId));
  let delay = opts.initialDelayMs ?? 100;
  let lastError: unknown;
  let attempts = 0;
  while (Date.now() < until) {
    attempts++;
    try {
      await client.connection.withDeadline(Math.min(until, Date.now() + attemptTimeoutMs), () =>
        handle.signal(event === 'activated' ? activatedSignal : revokedSignal),
      );
      return 'signalled';
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return 'closed';
      lastError = err;
      const code = grpcCode(err);
      if (code !== undefined && !TRANSIENT.has(code)) break;
    }
    const pause = Math.min(delay, until - Date.now());
    if (pause <= 0) break;
    await sleep(pause);
    delay = Math.min(delay * 2, maxDelayMs);
  }
  logger.warn(
    { invitationId, event, attempts, error: lastError instanceof Error ? lastError.message : String(lastError) },
    'the invitation workflow was not told; it settles from identity at its next re-check',
  );
  return 'undelivered';
}

// ---- offboarding ----

export interface StartOffboardingOptions {
  linkId: string;
  status: 'disabled' | 'revoked';
  /** Who ends the collaboration. */
  employeeId: string;
  /** Only for the `ExtranetCompanyIds` search attribute. */
  companyIds: string[];
  /** What becomes of each unfinished request (closed with a reason, or handed over); the others stay open, listed in the report. */
  requests?: Plain<RequestDisposition>[];
  taskQueue: string;
  timeoutMs?: number;
}

/**
 * Starts `offboarding-<linkId>` and answers at once; follow it with
 * workflowStatus (its `report` grows step by step). A link may be offboarded
 * again later (disabled, enabled, revoked): only a running one conflicts.
 *
 * @throws OffboardingRunningError (409)
 * @throws TemporalUnavailableError
 */
export async function startOffboarding(client: Client, o: StartOffboardingOptions): Promise<{ workflowId: string }> {
  const workflowId = offboardingWorkflowId(o.linkId);
  try {
    await within(client, o.timeoutMs, () =>
      client.workflow.start(offboardingWorkflow, {
        workflowId,
        taskQueue: o.taskQueue,
        workflowIdConflictPolicy: 'FAIL',
        workflowIdReusePolicy: 'ALLOW_DUPLICATE',
        args: [{ linkId: o.linkId, status: o.status, employeeId: o.employeeId, requests: o.requests ?? [] }],
        typedSearchAttributes: [
          { key: LinkIdAttr, value: o.linkId },
          { key: CompanyIdsAttr, value: o.companyIds },
        ],
      }),
    );
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) throw new OffboardingRunningError(workflowId);
    throw new TemporalUnavailableError('starting the offboarding', err);
  }
  return { workflowId };
}

// ---- what the operators see ----

/** A workflow as the governance API shows it: its `status` query (offboarding: with `report`) and Temporal's state (RUNNING, COMPLETED, FAILED …). */
export type WorkflowStatus = Status & { workflowId: string; state: string };

/**
 * The workflow's `status` query answer and Temporal's state of it; null when
 * there is no such workflow.
 *
 * @throws TemporalUnavailableError
 */
export async function workflowStatus(client: Client, workflowId: string, opts: { timeoutMs?: number } = {}): Promise<WorkflowStatus | null> {
  const handle = client.workflow.getHandle(workflowId);
  try {
    const [described, status] = await within(client, opts.timeoutMs, () => Promise.all([handle.describe(), handle.query(statusQuery)]));
    return { ...status, workflowId, state: described.status.name };
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return null;
    throw new TemporalUnavailableError('reading the workflow', err);
  }
}
