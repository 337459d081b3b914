import type { Client } from '@temporalio/client';
import {
  type LinkFacts,
  type NotifyOutcome,
  type StartOffboardingOptions,
  type WorkflowStatus,
  notifyInvitation,
  reissueInvitation,
  startOffboarding,
  startOnboarding,
  workflowStatus,
} from './temporal.js';
import { type StartSignatureOptions, startSignature, wakeSignatures } from './temporal-signatures.js';

export type { LinkFacts, WorkflowStatus };

/** Everything the routes ask of Temporal, bound to this gateway's client and task queue (see temporal.ts for each). */
export interface GatewayWorkflows {
  startOnboarding(link: LinkFacts, employeeId: string): Promise<{ workflowId: string }>;
  /** A re-issue is an update of the link's onboarding workflow, which owns its invitations. */
  reissueInvitation(link: LinkFacts, employeeId: string): Promise<{ invitationId: string; workflowId: string }>;
  /** Retried with back-off; identity holds the news either way, and the invitation workflow re-reads it. */
  notifyInvitation(invitationId: string, event: 'activated' | 'revoked'): Promise<NotifyOutcome>;
  /** Starts ending a collaboration and answers at once; the report grows in the workflow's status query. */
  startOffboarding(input: Omit<StartOffboardingOptions, 'taskQueue' | 'timeoutMs'>): Promise<{ workflowId: string }>;
  status(workflowId: string): Promise<WorkflowStatus | null>;
  /** Starts following a signature request the documents service recorded. */
  startSignature(input: Omit<StartSignatureOptions, 'taskQueue' | 'timeoutMs'>): Promise<{ workflowId: string }>;
  /** Wakes the workflows of the signature requests a call moved; never throws. */
  wakeSignatures(signatureRequestIds: string[]): Promise<void>;
}

export function gatewayWorkflows(client: Client, taskQueue: string): GatewayWorkflows {
  return {
    startOnboarding: (link, employeeId) => startOnboarding(client, { ...link, employeeId, taskQueue }),
    reissueInvitation: (link, employeeId) => reissueInvitation(client, { ...link, employeeId, taskQueue }),
    notifyInvitation: (invitationId, event) => notifyInvitation(client, invitationId, event),
    startOffboarding: (input) => startOffboarding(client, { ...input, taskQueue }),
    status: (workflowId) => workflowStatus(client, workflowId),
    startSignature: (input) => startSignature(client, { ...input, taskQueue }),
    wakeSignatures: (ids) => (ids.length ? wakeSignatures(client, ids) : Promise.resolve()),
  };
}
