import type Router from '@koa/router';
import { forward } from '../../../internal/messages.js';
import { callerOf, relay } from '../../upstream.js';
import { uuidParam } from '../params.js';
import type { GovernanceDeps } from './deps.js';

/** The Security block and channel links (Telegram, widget): revoked by an employee who governs the link. */
export function securityRoutes(gov: Router, { upstream: { identity, policy } }: GovernanceDeps) {
  gov.get('/security-settings', async (ctx) => {
    ctx.body = await relay(identity.securitySettings(callerOf(ctx)));
  });
  gov.post('/security-settings', async (ctx) => {
    ctx.body = await relay(identity.changeSecuritySettings(callerOf(ctx), forward(ctx.request.body)));
  });
  gov.post('/channel-links/:id/revoke', async (ctx) => {
    const channelLinkId = uuidParam(ctx, 'id', 'channel link');
    const channelLink = await relay(identity.channelLink(callerOf(ctx), channelLinkId));
    await relay(policy.authorizeLink(callerOf(ctx), channelLink.linkId));
    ctx.body = await relay(identity.revokeChannelLink(callerOf(ctx), channelLinkId));
  });
}
