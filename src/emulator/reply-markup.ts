import { badRequest } from './bot-api-error.js';
import type {
  InlineKeyboardButton,
  InlineKeyboardMarkup,
  KeyboardButton,
  ReplyKeyboardMarkup,
} from './bot-api-types.js';
import { checkLinkUrl } from './markup-text.js';

/** Telegram's limit on `callback_data`, in bytes of UTF-8 — a Chinese character takes three. */
export const MAX_CALLBACK_DATA_BYTES = 64;

/** What a call's `reply_markup` asks for; at most one of the fields is set. */
export interface ReplyMarkup {
  readonly inlineKeyboard?: InlineKeyboardMarkup;
  readonly replyKeyboard?: ReplyKeyboardMarkup;
  readonly removeKeyboard?: true;
  readonly forceReply?: true;
}

/** Fields of an inline button that give it something to do; a button needs exactly one. */
const INLINE_BUTTON_ACTIONS = [
  'callback_data',
  'url',
  'web_app',
  'login_url',
  'switch_inline_query',
  'switch_inline_query_current_chat',
  'switch_inline_query_chosen_chat',
  'copy_text',
  'callback_game',
  'pay',
] as const;

/**
 * Reads and checks a `reply_markup` the way Telegram does.
 * @throws BotApiError 400 `BUTTON_DATA_INVALID` for callback_data that is empty or over 64 bytes,
 *   `BUTTON_URL_INVALID`, `can't parse inline keyboard button: ...`, `can't parse reply keyboard markup JSON object`.
 */
export function readReplyMarkup(raw: unknown): ReplyMarkup | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw badRequest("can't parse reply keyboard markup JSON object");
  }
  const markup = raw as Record<string, unknown>;
  if ('inline_keyboard' in markup) {
    const inlineKeyboard = readInlineKeyboard(markup.inline_keyboard);
    // An inline keyboard without buttons is no keyboard: it removes the one a message had.
    return inlineKeyboard.inline_keyboard.some((row) => row.length > 0) ? { inlineKeyboard } : {};
  }
  if ('keyboard' in markup) return { replyKeyboard: readReplyKeyboard(markup) };
  if (markup.remove_keyboard === true) return { removeKeyboard: true };
  if (markup.force_reply === true) return { forceReply: true };
  throw badRequest("can't parse reply keyboard markup JSON object");
}

function readInlineKeyboard(rows: unknown): InlineKeyboardMarkup {
  if (!Array.isArray(rows) || !rows.every(Array.isArray)) {
    throw badRequest('field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays');
  }
  return { inline_keyboard: (rows as unknown[][]).map((row) => row.map(readInlineButton)) };
}

function readInlineButton(raw: unknown): InlineKeyboardButton {
  if (typeof raw !== 'object' || raw === null) {
    throw badRequest("can't parse inline keyboard button: InlineKeyboardButton must be an Object");
  }
  const button = raw as Record<string, unknown>;
  if (typeof button.text !== 'string') {
    throw badRequest('can\'t parse inline keyboard button: Field "text" must be of type String');
  }
  if (!INLINE_BUTTON_ACTIONS.some((field) => button[field] !== undefined)) {
    throw badRequest("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard");
  }
  if (button.callback_data !== undefined) {
    const data = button.callback_data;
    if (typeof data !== 'string') {
      throw badRequest('can\'t parse inline keyboard button: Field "callback_data" must be of type String');
    }
    const bytes = new TextEncoder().encode(data).length;
    if (bytes === 0 || bytes > MAX_CALLBACK_DATA_BYTES) throw badRequest('BUTTON_DATA_INVALID');
  }
  if (button.url !== undefined && (typeof button.url !== 'string' || !isButtonUrl(button.url))) {
    throw badRequest('BUTTON_URL_INVALID');
  }
  return button as InlineKeyboardButton;
}

function readReplyKeyboard(markup: Record<string, unknown>): ReplyKeyboardMarkup {
  const rows = markup.keyboard;
  if (!Array.isArray(rows) || !rows.every(Array.isArray)) {
    throw badRequest('field "keyboard" of the ReplyKeyboardMarkup should be an Array of Arrays');
  }
  const keyboard = (rows as unknown[][]).map((row) =>
    row.map((button): KeyboardButton => {
      if (typeof button === 'string') return { text: button };
      if (
        typeof button === 'object' &&
        button !== null &&
        typeof (button as KeyboardButton).text === 'string'
      ) {
        return button as KeyboardButton;
      }
      throw badRequest('can\'t parse keyboard button: Field "text" must be of type String');
    }),
  );
  return { ...(markup as Partial<ReplyKeyboardMarkup>), keyboard };
}

function isButtonUrl(url: string): boolean {
  return checkLinkUrl(url) !== undefined;
}
