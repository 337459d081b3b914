import { defineSignal } from '@temporalio/workflow';

/** Sent by the gateway after identity recorded the activation. */
export const activatedSignal = defineSignal('activated');
/** Sent after identity recorded a revocation (by an employee, or by a newer invitation). */
export const revokedSignal = defineSignal('revoked');
