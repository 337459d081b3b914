import { defineSignal } from '@temporalio/workflow';

/**
 * Sent after the documents service recorded something that moves a signature
 * request (a signature, a decline, a withdrawal, a new version). It carries
 * nothing: the workflow reads the request again from the service.
 */
export const signatureChangedSignal = defineSignal('changed');
