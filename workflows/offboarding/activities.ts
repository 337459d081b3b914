import type { Actor } from '../../internal/actor.js';
import type { IdentityClient } from '../../internal/clients/identity.js';
import type { RequestsClient } from '../../internal/clients/requests.js';
import { service } from '../activity-kit.js';

const WORKER: Actor = { kind: 'system', id: 'worker' };

export interface HandOverDeps {
  identity: IdentityClient;
  requests: RequestsClient;
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
      await service(() =>
        deps.requests.closeRequest(WORKER, args.requestId, { employeeId: args.employeeId, employeeName: name, reason: args.reason, byEmployeeId: '' }),
      );
    },

    /**
     * Hands a request over; the requests service records, in the same
     * transaction, the event that tells the new assignee (a retry changes
     * nothing and records nothing twice). An `eventId` in older histories'
     * input is ignored.
     */
    async handOverRequest(args: { requestId: string; toEmployeeId: string; byEmployeeId: string }): Promise<void> {
      const name = await employeeName(args.toEmployeeId);
      const ending = { employeeId: args.toEmployeeId, employeeName: name, reason: '', byEmployeeId: args.byEmployeeId };
      await service(() => deps.requests.handOverRequest(WORKER, args.requestId, ending));
    },
  };
}
