import type { Telegram } from 'telegraf';
import type { InlineKeyboardMarkup } from 'telegraf/types';
import { type ButtonPress, markupKey } from './button-press.js';
import { splitMessage } from './html.js';
import type { View } from './render.js';

function keyboard(view: Pick<View, 'buttons'>): InlineKeyboardMarkup {
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

/** The text Telegram shows for the bot's HTML: tags gone, entities read. */
function plainText(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .trim();
}

interface Shown {
  text: string;
  markup: string;
}

/** How many edited messages each bot remembers: enough for every message pressed in the last hours. */
const MAX_REMEMBERED = 20_000;
/**
 * Keyed by the bot's token, not by the client: telegraf makes a new `Telegram` for every update (for its
 * webhook replies), so the client object does not outlive one update.
 */
const shownByBot = new Map<string, Map<string, Shown>>();

function shownOf(telegram: Telegram): Map<string, Shown> {
  let shown = shownByBot.get(telegram.token);
  if (!shown) {
    shown = new Map();
    shownByBot.set(telegram.token, shown);
  }
  return shown;
}

/**
 * Telegram refuses an edit that changes nothing (400 "message is not modified"), which duplicate or racing
 * presses of one button provoke. So each edit is compared first with what the message shows: what this
 * process last put there, else the message as it was when pressed. The comparison and the record happen in
 * one synchronous step, so of two presses racing to make the same edit, only the first makes the call.
 */
function claimEdit(telegram: Telegram, press: ButtonPress, next: Shown): (() => void) | undefined {
  const shown = shownOf(telegram);
  const key = `${press.chatId}:${press.messageId}`;
  const before = shown.get(key);
  const current = before ?? press.snapshot;
  if (current.text === next.text && current.markup === next.markup) return undefined;
  shown.delete(key);
  shown.set(key, next);
  if (shown.size > MAX_REMEMBERED) shown.delete(shown.keys().next().value as string);
  // A failed edit leaves the message as it was.
  return () => {
    if (shown.get(key) !== next) return;
    if (before) shown.set(key, before);
    else shown.delete(key);
  };
}

/** Replaces the pressed message's text and buttons with a view (which must fit one message), if it differs. */
export async function editView(telegram: Telegram, press: ButtonPress, view: View): Promise<void> {
  const markup = keyboard(view);
  const undo = claimEdit(telegram, press, { text: plainText(view.html), markup: markupKey(markup) });
  if (!undo) return;
  try {
    await telegram.editMessageText(press.chatId, press.messageId, undefined, view.html, {
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
      reply_markup: markup,
    });
  } catch (error) {
    undo();
    throw error;
  }
}

/** Replaces only the pressed message's buttons, if they differ. */
export async function editButtons(
  telegram: Telegram,
  press: ButtonPress,
  buttons: View['buttons'],
): Promise<void> {
  const markup = keyboard({ buttons });
  const text = shownOf(telegram).get(`${press.chatId}:${press.messageId}`)?.text;
  const undo = claimEdit(telegram, press, { text: text ?? press.snapshot.text, markup: markupKey(markup) });
  if (!undo) return;
  try {
    await telegram.editMessageReplyMarkup(press.chatId, press.messageId, undefined, markup);
  } catch (error) {
    undo();
    throw error;
  }
}

/** Takes the buttons off the pressed message (a question answered, a choice made), once. */
export function clearButtons(telegram: Telegram, press: ButtonPress): Promise<void> {
  return editButtons(telegram, press, []);
}
