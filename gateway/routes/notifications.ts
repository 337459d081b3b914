import type Router from '@koa/router';
import type { Context } from 'koa';
import type { Addressee, IdentityClient } from '../../internal/clients/identity.js';
import { forward } from '../../internal/messages.js';
import { relay } from '../upstream.js';

/**
 * The signed-in person's notifications, on both sides: the feed (newest 50,
 * with the unread count), marking read (some or all), and which kinds come by
 * email. `whom` names them from the session the router checked; nobody names
 * another recipient.
 */
export function notificationRoutes(router: Router, identity: IdentityClient, whom: (ctx: Context) => Addressee) {
  const gateway = identity.system;
  router.get('/notifications', async (ctx) => {
    ctx.body = await relay(identity.notifications(gateway, whom(ctx)));
  });
  // Identity checks the ids (and marks only this recipient's).
  router.post('/notifications/read', async (ctx) => {
    const ids = (ctx.request.body as { ids?: unknown }).ids;
    ctx.body = await relay(identity.markNotificationsRead(gateway, whom(ctx), ids as string[] | undefined));
  });
  router.get('/notification-settings', async (ctx) => {
    ctx.body = await relay(identity.notificationSettings(gateway, whom(ctx)));
  });
  router.post('/notification-settings', async (ctx) => {
    ctx.body = await relay(identity.changeNotificationSettings(gateway, whom(ctx), forward(ctx.request.body)));
  });
}
