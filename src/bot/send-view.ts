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

/** What this process knows of the messages it edited, and the edits still under way per message. */
interface EditMemory {
  readonly shown: Map<string, Shown>;
  readonly tails: Map<string, Promise<void>>;
}

/**
 * Keyed by the bot's token, not by the client: telegraf makes a new `Telegram` for every update (for its
 * webhook replies), so the client object does not outlive one update.
 */
const memoryByBot = new Map<string, EditMemory>();

function memoryOf(telegram: Telegram): EditMemory {
  let memory = memoryByBot.get(telegram.token);
  if (!memory) {
    memory = { shown: new Map(), tails: new Map() };
    memoryByBot.set(telegram.token, memory);
  }
  return memory;
}

/**
 * Telegram refuses an edit that changes nothing (400 "message is not modified"), which duplicate or racing
 * presses of one button provoke. So the edits of one message run one at a time, in the order asked, and
 * each is compared first with what the message shows by then: what the last edit put there, else the
 * message as it was when pressed. Two racing edits can then neither repeat each other nor land out of
 * order (an edit sent while another is in flight could arrive first and find the message unchanged).
 */
function editInTurn(
  telegram: Telegram,
  press: ButtonPress,
  next: (shown: Shown) => Shown,
  edit: (target: Shown) => Promise<unknown>,
): Promise<void> {
  const { shown, tails } = memoryOf(telegram);
  const key = `${press.chatId}:${press.messageId}`;
  const run = (tails.get(key) ?? Promise.resolve()).then(async () => {
    const current = shown.get(key) ?? press.snapshot();
    const target = next(current);
    if (current.text === target.text && current.markup === target.markup) return;
    await edit(target);
    shown.delete(key);
    shown.set(key, target);
    if (shown.size > MAX_REMEMBERED) shown.delete(shown.keys().next().value as string);
  });
  const tail = run.catch(() => undefined);
  tails.set(key, tail);
  void tail.then(() => {
    if (tails.get(key) === tail) tails.delete(key);
  });
  return run;
}

/** Replaces the pressed message's text and buttons with a view (which must fit one message), if it differs. */
export function editView(telegram: Telegram, press: ButtonPress, view: View): Promise<void> {
  const markup = keyboard(view);
  const target = { text: plainText(view.html), markup: markupKey(markup) };
  return editInTurn(
    telegram,
    press,
    () => target,
    () =>
      telegram.editMessageText(press.chatId, press.messageId, undefined, view.html, {
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
        reply_markup: markup,
      }),
  );
}

/** Replaces only the pressed message's buttons, if they differ. */
export function editButtons(telegram: Telegram, press: ButtonPress, buttons: View['buttons']): Promise<void> {
  const markup = keyboard({ buttons });
  return editInTurn(
    telegram,
    press,
    (current) => ({ text: current.text, markup: markupKey(markup) }),
    () => telegram.editMessageReplyMarkup(press.chatId, press.messageId, undefined, markup),
  );
}

/** Takes the buttons off the pressed message (a question answered, a choice made), once. */
export function clearButtons(telegram: Telegram, press: ButtonPress): Promise<void> {
  return editButtons(telegram, press, []);
}
