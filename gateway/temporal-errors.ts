import { HttpError } from '../lib/errors.js';
import { ReissueRefusal } from '../workflows/onboarding/messages.js';

// The errors of gateway/temporal.ts: each is an HttpError, so a route may let it through as it is, or tell them apart with instanceof.

/** Temporal did not answer (unreachable, overloaded, or not in time). 503. */
export class TemporalUnavailableError extends HttpError {
  constructor(what: string, cause: unknown, details: Record<string, unknown> = {}) {
    super(503, 'temporal_unavailable', `Temporal cannot answer (${what}): ${cause instanceof Error ? cause.message : String(cause)}; try again`, details);
  }
}

/** `offboarding-<linkId>` is already running. 409. */
export class OffboardingRunningError extends HttpError {
  constructor(readonly workflowId: string) {
    super(409, 'offboarding_running', 'this collaboration is already being ended; follow it in Temporal Web', { field: 'status', workflowId });
  }
}

/**
 * The onboarding workflow refused or could not issue the invitation. `code` is
 * the reason: `reissue_invalid` (422: no employee id, or an invitation id that is
 * not a uuid), `onboarding_not_ready` (409: the first invitation is not issued
 * yet; try again in a moment), or the service's own refusal as it recorded the
 * invitation, e.g. `link_not_active` (409).
 */
export class InvitationRefusedError extends HttpError {
  constructor(code: string, message: string) {
    super(code === ReissueRefusal.invalid ? 422 : 409, code, message, code === ReissueRefusal.invalid ? { field: 'invitation' } : {});
  }
}

/** The gRPC status code somewhere in an error's cause chain, if any. */
export function grpcCode(err: unknown): number | undefined {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++)
    if (typeof e.code === 'number') return e.code;
  return undefined;
}

/** gRPC answers that say "not now" rather than "never": CANCELLED, UNKNOWN, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, ABORTED, INTERNAL, UNAVAILABLE. */
export const TRANSIENT = new Set<number>([1, 2, 4, 8, 10, 13, 14]);
