import type { Context } from 'telegraf';
import type { InlineKeyboardMarkup } from 'telegraf/types';

/** What the pressed message showed when pressed: its plain text and its buttons (see `markupKey`). */
export interface MessageSnapshot {
  readonly text: string;
  readonly markup: string;
}

/** Who pressed an inline button, and on which message: what every button handler starts from. */
export interface ButtonPress {
  readonly userId: number;
  readonly chatId: number;
  readonly messageId: number;
  /** The pressed message as Telegram showed it; worked out only when an edit needs it. */
  snapshot(): MessageSnapshot;
}

/** A keyboard as a comparable string: only what Telegram compares (labels and data), in order. */
export function markupKey(markup: InlineKeyboardMarkup | undefined): string {
  const rows = markup?.inline_keyboard ?? [];
  return JSON.stringify(
    rows.map((row) => row.map((b) => [b.text, 'callback_data' in b ? b.callback_data : ''])),
  );
}

/** The press behind a callback query, or undefined for one without its message (too old, or inline mode). */
export function buttonPressOf(ctx: Context): ButtonPress | undefined {
  const message = ctx.callbackQuery?.message;
  if (!ctx.from || !message) return undefined;
  return {
    userId: ctx.from.id,
    chatId: message.chat.id,
    messageId: message.message_id,
    snapshot: () => ({
      text: 'text' in message ? message.text : 'caption' in message ? (message.caption ?? '') : '',
      markup: markupKey('reply_markup' in message ? message.reply_markup : undefined),
    }),
  };
}
