import type { Context } from 'telegraf';

/** Who pressed an inline button, and on which message: what every button handler starts from. */
export interface ButtonPress {
  readonly userId: number;
  readonly chatId: number;
  readonly messageId: number;
}

/** The press behind a callback query, or undefined for one without its message (too old, or inline mode). */
export function buttonPressOf(ctx: Context): ButtonPress | undefined {
  const message = ctx.callbackQuery?.message;
  if (!ctx.from || !message) return undefined;
  return { userId: ctx.from.id, chatId: message.chat.id, messageId: message.message_id };
}
