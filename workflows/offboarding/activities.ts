import type { Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { Actor } from '../../internal/actor.js';
import type { IdentityClient } from '../../internal/clients/identity.js';
import type { RequestsClient } from '../../internal/clients/requests.js';
import { service } from '../activity-kit.js';
import { fanOutWorkflowId } from '../notify/ids.js';

const WORKER: Actor = { kind: 'system', id: 'worker' };

export interface HandOverDeps {
  identity: IdentityClient;
  requests: RequestsClient;
  temporal: () => Promise<Client>;
  taskQueue: string;
  /** How long the new assignee's notifications gather (the gateway's NOTIFY_WINDOW_SECONDS is not the worker's: the default). */
  notifyWindowSeconds?: number;
}

/** Offboarding's choices for the contact's unfinished requests: close them (the client reads why) or hand them over. */
export function handOverActivities(deps: HandOverDeps) {
  const employeeName = async (employeeId: string) => {
    const e = (await service(() => deps.identity.employees(WORKER))).employees.find((x) => x.id === employeeId);
    return e?.name ?? employeeId;
  };
  return {
    async closeRequest(args: { requestId: string; reason: string; employeeId: string }): Promise<void> {
      const name = await employeeName(args.employeeId);
      await service(() => deps.requests.closeRequest(WORKER, args.requestId, { employeeId: args.employeeId, employeeName: name, reason: args.reason }));
    },

    /** Hands a request over, then tells the new assignee (a fan-out with the event id the workflow made, so a retry starts none twice). */
    async handOverRequest(args: { requestId: string; toEmployeeId: string; byEmployeeId: string; eventId: string }): Promise<void> {
      const name = await employeeName(args.toEmployeeId);
      await service(() => deps.requests.handOverRequest(WORKER, args.requestId, { employeeId: args.toEmployeeId, employeeName: name, reason: '' }));
      const client = await deps.temporal();
      const event = {
        id: args.eventId,
        kind: 'request_handed_over',
        companyId: '',
        requestId: args.requestId,
        documentId: '',
        actorId: args.byEmployeeId,
        occurredAt: new Date().toISOString(),
      };
      try {
        await client.workflow.start('fanOutWorkflow', {
          workflowId: fanOutWorkflowId(args.eventId),
          taskQueue: deps.taskQueue,
          args: [{ event, windowSeconds: deps.notifyWindowSeconds ?? 120 }],
        });
      } catch (err) {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      }
    },
  };
}
