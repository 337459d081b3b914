import type Router from '@koa/router';
import { callerOf, relay } from '../../upstream.js';
import { uuidParam } from '../params.js';
import type { GovernanceDeps } from './deps.js';

/** The Security block and channel links (Telegram, widget): revoked by an employee who governs the link. */
export function securityRoutes(gov: Router, { upstream: { identity, policy } }: GovernanceDeps) {
  gov.get('/security-settings', async (ctx) => {
    ctx.body = await relay(identity.get(callerOf(ctx), '/security-settings'));
  });
  gov.post('/security-settings', async (ctx) => {
    ctx.body = await relay(identity.post(callerOf(ctx), '/security-settings', ctx.request.body));
  });
  gov.post('/channel-links/:id/revoke', async (ctx) => {
    const channelLinkId = uuidParam(ctx, 'id', 'channel link');
    const channelLink = await relay(identity.get<{ linkId: string }>(callerOf(ctx), `/channel-links/${channelLinkId}`));
    await relay(policy.post(callerOf(ctx), `/links/${channelLink.linkId}/authorize`));
    ctx.body = await relay(identity.post(callerOf(ctx), `/channel-links/${channelLinkId}/revoke`));
  });
}
