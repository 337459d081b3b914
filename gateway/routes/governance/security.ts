import type Router from '@koa/router';
import { forward } from '../../../internal/messages.js';
import { parseQuery } from '../../../lib/validate.js';
import { ChannelLinkSearchSchema } from '../../../proto/gen/extranet/v1/notifications_pb.js';
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
  // Every connection across the clients the employee governs, filtered by company, kind and status, with whose it is.
  gov.get('/channel-links', async (ctx) => {
    const query = parseQuery(ChannelLinkSearchSchema, ctx.query as Record<string, string>);
    const { links } = await relay(policy.governedLinks(callerOf(ctx), query.companyId || undefined));
    const { channelLinks } = await relay(
      identity.searchChannelLinks(callerOf(ctx), { linkIds: links.map((l) => l.id), kind: query.kind, status: query.status, companyId: '' }),
    );
    const byId = new Map(links.map((l) => [l.id, l]));
    ctx.body = {
      channelLinks: channelLinks.map((c) => ({
        ...c,
        contactName: ((contact) => (contact ? `${contact.firstName} ${contact.lastName}` : ''))(byId.get(c.linkId)?.contact),
        companyNames: byId.get(c.linkId)?.companies.map((co) => co.name) ?? [],
      })),
    };
  });

  gov.post('/channel-links/:id/revoke', async (ctx) => {
    const channelLinkId = uuidParam(ctx, 'id', 'channel link');
    const channelLink = await relay(identity.channelLink(callerOf(ctx), channelLinkId));
    await relay(policy.authorizeLink(callerOf(ctx), channelLink.linkId));
    ctx.body = await relay(identity.revokeChannelLink(callerOf(ctx), channelLinkId));
  });
}
