import type { Telegram } from 'telegraf';
import type { InlineKeyboardMarkup } from 'telegraf/types';
import { splitMessage } from './html.js';
import type { View } from './render.js';

function keyboard(view: View): InlineKeyboardMarkup {
  return {
    inline_keyboard: view.buttons.map((row) => row.map((b) => ({ text: b.text, callback_data: b.data }))),
  };
}

/** Whether a view fits one message (else sendView splits it). */
export function fitsOneMessage(view: View): boolean {
  return splitMessage(view.html).length === 1;
}

/** Sends a view as one message (or several, if too long; the buttons go on the last). */
export async function sendView(telegram: Telegram, chatId: number, view: View): Promise<void> {
  const parts = splitMessage(view.html);
  for (const [i, part] of parts.entries()) {
    const last = i === parts.length - 1;
    await telegram.sendMessage(chatId, part, {
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
      ...(last && view.buttons.length > 0 && { reply_markup: keyboard(view) }),
    });
  }
}

/** Replaces a message's text and buttons with a view (which must fit one message). */
export async function editView(
  telegram: Telegram,
  chatId: number,
  messageId: number,
  view: View,
): Promise<void> {
  await telegram.editMessageText(chatId, messageId, undefined, view.html, {
    parse_mode: 'HTML',
    link_preview_options: { is_disabled: true },
    reply_markup: keyboard(view),
  });
}
