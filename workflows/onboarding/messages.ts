import { defineUpdate } from '@temporalio/workflow';
import type { ReissueInvitationRequest, ReissueInvitationResult } from '../../proto/gen/extranet/v1/workflows_pb.js';
import type { Plain } from '../../internal/messages.js';

/**
 * A new invitation for the link, issued by the onboarding workflow itself:
 * recorded at identity (which revokes the pending one first, in the same
 * transaction), its lifetime workflow started as a child, and followed from then
 * on. Answers once the invitation is recorded and its workflow started. A
 * request with an invitation id this run already issued answers that one again.
 */
export const reissueInvitationUpdate = defineUpdate<Plain<ReissueInvitationResult>, [Plain<ReissueInvitationRequest>]>('reissueInvitation');

/** Failure types of a refused or failed `reissueInvitation` update (ApplicationFailure.type), for the caller to tell apart. */
export const ReissueRefusal = {
  /** The request itself is wrong: no employee id, or an invitation id that is not a uuid. */
  invalid: 'reissue_invalid',
  /** The onboarding has not issued its first invitation yet (still creating the link): try again in a moment. */
  notReady: 'onboarding_not_ready',
} as const;
// An accepted update that fails carries the service's own refusal as its type, e.g. `link_not_active` from recording it at identity.
