import { defineSignal } from '@temporalio/workflow';

/** A newer invitation for the link was issued; onboarding follows it instead of the revoked one. */
export const invitationIssuedSignal = defineSignal<[invitationId: string]>('invitationIssued');
/** An invitation of the link ended (used, expired or revoked). */
export const invitationEndedSignal = defineSignal<[ended: { invitationId: string; outcome: string }]>('invitationEnded');
