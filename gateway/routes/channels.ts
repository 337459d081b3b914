import Router from '@koa/router';
import { timingSafeEqual } from 'node:crypto';
import type { Context } from 'koa';
import { HttpError, notFound } from '../../lib/errors.js';
import { logger } from '../../lib/logger.js';
import type { IdentityClient } from '../../internal/clients/identity.js';
import { ServiceError } from '../../internal/client.js';
import type { GatewayConfig } from '../config.js';

const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * /api/channels/telegram/webhook: Telegram posts the bot's updates here, with
 * the secret token set on the webhook in its `X-Telegram-Bot-Api-Secret-Token`
 * header (anything else is refused). `/start <code>` binds that chat to the
 * client whose one-time code it is; the answer is the bot's reply, sent by
 * Telegram as a `sendMessage`. Without TELEGRAM_WEBHOOK_SECRET there is no webhook.
 */
export function channelRoutes(config: GatewayConfig, identity: IdentityClient): Router {
  const r = new Router({ prefix: '/api/channels' });
  r.post('/telegram/webhook', async (ctx: Context) => {
    const secret = config.telegramWebhookSecret;
    if (!secret) throw notFound('endpoint');
    if (!same(ctx.get('x-telegram-bot-api-secret-token'), secret)) throw new HttpError(401, 'unauthenticated', 'the webhook secret is missing or wrong');
    const message = (ctx.request.body as { message?: { chat?: { id?: unknown }; text?: unknown } }).message;
    const chatId = message?.chat?.id;
    const start = typeof message?.text === 'string' ? /^\/start(?:@\w+)?\s+([A-Za-z0-9_-]{1,64})$/.exec(message.text.trim()) : null;
    // Telegram needs a 200 for every update, or it sends it again.
    if ((typeof chatId !== 'number' && typeof chatId !== 'string') || !start) {
      ctx.body = {};
      return;
    }
    let text: string;
    try {
      await identity.bindTelegram(identity.system, { code: start[1]!, chatId: String(chatId) });
      text = 'Connected: your Extranet notifications will also come here. Revoke the connection in the portal to stop them.';
    } catch (err) {
      if (!(err instanceof ServiceError && err.status === 404)) {
        logger.warn({ error: (err as Error).message }, 'a Telegram connection could not be made');
        throw err;
      }
      text = 'This code is unknown or was already used; ask the portal for a new one.';
    }
    ctx.body = { method: 'sendMessage', chat_id: chatId, text };
  });
  return r;
}
