/** The one Bot API method the worker calls. */
export interface TelegramBot {
  sendMessage(chatId: string, text: string): Promise<void>;
}

/**
 * The Telegram Bot API over HTTP (`<apiUrl>/bot<token>/sendMessage`). A refusal
 * or an unreachable API throws, so the activity retries; the token never
 * appears in the error (it is part of the URL).
 */
export function telegramBot(apiUrl: string, token: string): TelegramBot {
  return {
    async sendMessage(chatId, text) {
      let res: Response;
      try {
        res = await fetch(`${apiUrl}/bot${token}/sendMessage`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ chat_id: chatId, text: text.slice(0, 4096), disable_web_page_preview: true }),
          signal: AbortSignal.timeout(10_000),
        });
      } catch (err) {
        throw new Error(`the Telegram Bot API could not be reached (${(err as Error).name})`);
      }
      const answer = (await res.json().catch(() => ({}))) as { ok?: boolean; description?: string };
      if (!res.ok || !answer.ok) throw new Error(`the Telegram Bot API refused the message (${res.status} ${answer.description ?? ''})`.trim());
    },
  };
}
