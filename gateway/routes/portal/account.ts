import type Router from '@koa/router';
import type { Context } from 'koa';
import { forbidden, notFound, unprocessable } from '../../../lib/errors.js';
import { type TelegramCode, WidgetKeyRequestSchema } from '../../../proto/gen/extranet/v1/notifications_pb.js';
import { parseBody } from '../../../lib/validate.js';
import { ChannelLinkRequestSchema } from '../../../proto/gen/extranet/v1/portal_pb.js';
import { CLIENT_COOKIE, parseClientCookie } from '../../auth/cookies.js';
import type { PolicyClient } from '../../../internal/clients/policy.js';
import { type Answer, forward, type Plain } from '../../../internal/messages.js';
import { relay } from '../../upstream.js';
import type { PortalDeps } from './deps.js';

/** The signed-in client's scope, as policy answered it for this request (auth/client-session.ts). */
const scopeOf = (ctx: Context) => ctx.state.scope as Answer<PolicyClient['scope']>;

/** The signed-in client's own account: who they are and what they reach, their password, their channel connections. */
export function accountRoutes(signedIn: Router, { upstream: { identity }, limit, config }: PortalDeps) {
  const gateway = identity.system;
  const sessionToken = (ctx: Context) => parseClientCookie(ctx.cookies.get(CLIENT_COOKIE))!.token;

  signedIn.get('/me', (ctx) => {
    const scope = scopeOf(ctx);
    const user = ctx.state.session.user;
    const defaultCompany = scope.companies.find((c) => c.companyId === scope.defaultCompanyId) ?? scope.companies[0];
    ctx.body = {
      user: { id: user.id, login: user.login, firstName: user.firstName, lastName: user.lastName, email: user.email },
      contact: scope.contact,
      defaultCompany: defaultCompany ? { id: defaultCompany.companyId, name: defaultCompany.name } : null,
      companies: scope.companies.map((c) => ({ id: c.companyId, name: c.name, permissions: c.permissions, pipelineIds: c.pipelineIds })),
    };
  });

  signedIn.post('/password', limit('password'), async (ctx) => {
    ctx.body = await relay(identity.changePassword(gateway, sessionToken(ctx), forward(ctx.request.body)));
  });

  // A Telegram connection, where the effective policy allows it: a one-time code to send the bot as /start <code>.
  signedIn.post('/channel-links/telegram', async (ctx) => {
    const scope = scopeOf(ctx);
    if (!config.telegramBotName) throw notFound('endpoint');
    if (!scope.companies.some((c) => c.permissions.includes('telegram'))) throw forbidden('your access does not include the telegram connection');
    const { code, expiresAt } = await relay(identity.telegramCode(gateway, { sessionToken: sessionToken(ctx), linkId: scope.linkId }));
    ctx.status = 201;
    ctx.body = { code, botName: config.telegramBotName, expiresAt } satisfies Plain<TelegramCode>;
  });

  // A website widget, where the policy allows it: a key for the client's own sites (answered once).
  signedIn.post('/channel-links/widget', async (ctx) => {
    const scope = scopeOf(ctx);
    if (!scope.companies.some((c) => c.permissions.includes('widget'))) throw forbidden('your access does not include the widget connection');
    const body = parseBody(WidgetKeyRequestSchema, ctx.request.body);
    ctx.status = 201;
    ctx.body = await relay(identity.widgetKey(gateway, { sessionToken: sessionToken(ctx), linkId: scope.linkId }, { origins: body.origins }));
  });

  // Telegram or widget connection, where the effective policy allows it.
  signedIn.post('/channel-links', async (ctx) => {
    const { kind, externalRef } = parseBody(ChannelLinkRequestSchema, ctx.request.body);
    const scope = scopeOf(ctx);
    if (!scope.companies.some((c) => c.permissions.some((p) => p === kind))) throw forbidden(`your access does not include the ${kind} connection`);
    // A chat id typed in could be anybody's chat: Telegram connects only the chat that sends the bot a code.
    if (kind === 'telegram') throw unprocessable('kind', 'connect Telegram with a code for the bot: POST /api/portal/channel-links/telegram');
    // A widget without a key could not post anything: it is made with its key.
    if (kind === 'widget') throw unprocessable('kind', 'make a widget key for your sites: POST /api/portal/channel-links/widget');
    ctx.status = 201;
    ctx.body = await relay(identity.createChannelLink(gateway, { sessionToken: sessionToken(ctx), linkId: scope.linkId }, { kind, externalRef }));
  });
}
