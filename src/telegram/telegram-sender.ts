import { Telegram } from 'telegraf';
import type { SendMessage } from '../app/ports/sender.js';
import { classifySendError } from './classify-send-error.js';

/** The Sender port over telegraf's Bot API client (the bot's `bot.telegram`, or one made for the CLI). */
export function telegramSender(telegram: Pick<Telegram, 'sendMessage'>): SendMessage {
  return async (chatId, html) => {
    try {
      const message = await telegram.sendMessage(chatId, html, { parse_mode: 'HTML' });
      return { ok: true, messageId: message.message_id };
    } catch (error) {
      return classifySendError(error);
    }
  };
}

/** A sender with its own Bot API client, for a process without a bot (`nmle remind`). */
export function botApiSender(token: string, apiRoot: string): SendMessage {
  return telegramSender(new Telegram(token, { apiRoot }));
}
