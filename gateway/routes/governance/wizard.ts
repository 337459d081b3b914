import type Router from '@koa/router';
import { unprocessable } from '../../../lib/errors.js';
import { ServiceError } from '../../../internal/client.js';
import { parseBody } from '../../../lib/validate.js';
import { ConfirmLinkRequestSchema } from '../../../proto/gen/extranet/v1/governance_pb.js';
import { type Answer, forward } from '../../../internal/messages.js';
import { callerOf, relay } from '../../upstream.js';
import type { GovernanceDeps } from './deps.js';

/** The link wizard: the review of the exact user–contact–companies combination (steps 2–3), and its confirmation (step 4). */
export function wizardRoutes(gov: Router, { upstream: { policy }, workflows }: GovernanceDeps) {
  gov.post('/link-wizard/review', async (ctx) => {
    ctx.status = 201;
    ctx.body = await relay(policy.reviewLink(callerOf(ctx), forward(ctx.request.body)));
  });

  // The review id becomes the link id and the workflow id, so a double submit finds the same onboarding.
  gov.post('/link-wizard/confirm', async (ctx) => {
    const { reviewId } = parseBody(ConfirmLinkRequestSchema, ctx.request.body);
    let review: Answer<typeof policy.confirmReview>;
    try {
      // Policy checks again, now: the confirming employee's rights, the review's age, the one-person rule.
      review = await policy.confirmReview(callerOf(ctx), reviewId);
    } catch (err) {
      if (err instanceof ServiceError && err.status === 404) throw unprocessable('reviewId', 'reviewId names no review; run the review step first');
      return relay(Promise.reject(err));
    }
    const link = { linkId: review.reviewId, companyIds: review.companyIds, contactEmail: review.contact.email };
    const { workflowId } = await workflows.startOnboarding(link, callerOf(ctx).id);
    ctx.status = 202;
    ctx.body = { linkId: review.reviewId, workflowId };
  });
}
