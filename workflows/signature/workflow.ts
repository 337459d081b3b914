import { allHandlersFinished, condition, continueAsNew, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities.js';
import type { SignatureInput } from '../../proto/gen/extranet/v1/workflows_pb.js';
import { statusQuery, type Input, type Status } from '../messages.js';
import { signatureChangedSignal } from './messages.js';

const acts = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/** The input of `signature-<signatureRequestId>`. */
export type SignatureArgs = Input<SignatureInput, 'signatureRequestId'>;

/** The shortest wait between two looks, so that a clock a little behind the database's never spins. */
const MIN_WAIT_MS = 500;

/**
 * Follows one signature request until it ends (seed page 002). The documents
 * service holds the request and decides everything in its own transactions:
 * whose turn it is, who signed or declined, whether the deadline passed. Each
 * look (`advanceSignatures`) expires the request when its deadline passed and
 * emails whoever is due one (the request when their turn begins, then a
 * reminder every interval until they act; recorded per signer and email
 * number, so a retried look sends nothing twice), then answers when to look
 * again. A `changed` signal only wakes it early. The `status` query answers
 * each signer's state as last read.
 */
export async function signatureWorkflow(input: SignatureArgs): Promise<Status> {
  const status: Status = { step: 'starting', linkId: '', invitationId: '', outcome: '' };
  let woken = false;
  setHandler(statusQuery, () => status);
  setHandler(signatureChangedSignal, () => {
    woken = true;
  });
  const wakesPerRun = input.wakesPerRun || 200;
  for (let wakes = 0; ; wakes++) {
    // Reset before the look: a signal during it wakes the next wait at once.
    woken = false;
    const progress = await acts.advanceSignatures(input.signatureRequestId);
    status.signature = progress;
    if (progress.status !== 'pending') {
      status.step = 'completed';
      status.outcome = progress.status;
      return status;
    }
    status.step = 'waiting-signatures';
    if (!woken && (wakes >= wakesPerRun || workflowInfo().continueAsNewSuggested)) {
      await condition(allHandlersFinished);
      return continueAsNew<typeof signatureWorkflow>(input);
    }
    await condition(() => woken, Math.max(MIN_WAIT_MS, Date.parse(progress.nextWakeAt) - Date.now()));
  }
}
