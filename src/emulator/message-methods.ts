import { badRequest, MESSAGE_NOT_MODIFIED } from './bot-api-error.js';
import type { MethodTable } from './bot-api-method.js';
import type { InlineKeyboardMarkup, Message, MessageEntity } from './bot-api-types.js';
import type { ChatState } from './chat-state.js';
import { type FormattedText, readCaption, readMessageText } from './formatted-text.js';
import { readOutgoingMessageBase, storeBotMessage } from './outgoing-message.js';
import { readReplyMarkup } from './reply-markup.js';
import type { RequestParams } from './request-params.js';

/** Telegram's limit on the notification text of answerCallbackQuery. */
export const MAX_CALLBACK_ANSWER_LENGTH = 200;

const CHAT_ACTIONS = new Set([
  'typing',
  'upload_photo',
  'record_video',
  'upload_video',
  'record_voice',
  'upload_voice',
  'upload_document',
  'choose_sticker',
  'find_location',
  'record_video_note',
  'upload_video_note',
]);

/** Sending, editing and deleting text messages, answering button presses, chat actions. */
export const messageMethods: MethodTable = {
  sendMessage(params, { state, parseModes }) {
    const text = readMessageText({
      text: params.string('text'),
      parseMode: params.string('parse_mode'),
      entities: params.json('entities'),
      parseModes,
    });
    const chat = state.writableChatFor(params);
    const base = readOutgoingMessageBase(chat, params);
    return storeBotMessage(state, chat, base, textFields(text));
  },

  editMessageText(params, { state, parseModes }) {
    const text = readMessageText({
      text: params.string('text'),
      parseMode: params.string('parse_mode'),
      entities: params.json('entities'),
      parseModes,
    });
    const keyboard = readInlineKeyboard(params);
    const { chat, message } = messageToEdit(params, state.writableChatFor(params));
    if (message.text === undefined) throw badRequest('there is no text in the message to edit');
    const unchanged =
      message.text === text.text &&
      sameJson(message.entities ?? [], text.entities) &&
      sameJson(message.reply_markup, keyboard);
    if (unchanged) throw badRequest(MESSAGE_NOT_MODIFIED);
    const { entities: _entities, reply_markup: _markup, ...rest } = message;
    return replaceMessage(chat, {
      ...rest,
      ...textFields(text),
      edit_date: state.nowSeconds(),
      ...(keyboard ? { reply_markup: keyboard } : {}),
    });
  },

  editMessageCaption(params, { state, parseModes }) {
    const caption = readCaption({
      text: params.string('caption'),
      parseMode: params.string('parse_mode'),
      entities: params.json('caption_entities'),
      parseModes,
    });
    const keyboard = readInlineKeyboard(params);
    const { chat, message } = messageToEdit(params, state.writableChatFor(params));
    if (message.text !== undefined) throw badRequest('there is no caption in the message to edit');
    const unchanged =
      (message.caption ?? '') === (caption?.text ?? '') &&
      sameJson(message.caption_entities ?? [], caption?.entities ?? []) &&
      sameJson(message.reply_markup, keyboard);
    if (unchanged) throw badRequest(MESSAGE_NOT_MODIFIED);
    const { caption: _caption, caption_entities: _entities, reply_markup: _markup, ...rest } = message;
    return replaceMessage(chat, {
      ...rest,
      ...captionFields(caption),
      edit_date: state.nowSeconds(),
      ...(keyboard ? { reply_markup: keyboard } : {}),
    });
  },

  editMessageReplyMarkup(params, { state }) {
    const keyboard = readInlineKeyboard(params);
    const { chat, message } = messageToEdit(params, state.writableChatFor(params));
    if (sameJson(message.reply_markup, keyboard)) throw badRequest(MESSAGE_NOT_MODIFIED);
    const { reply_markup: _markup, ...rest } = message;
    return replaceMessage(chat, {
      ...rest,
      edit_date: state.nowSeconds(),
      ...(keyboard ? { reply_markup: keyboard } : {}),
    });
  },

  deleteMessage(params, { state }) {
    const chat = state.writableChatFor(params);
    const messageId = params.integer('message_id');
    if (messageId === undefined) throw badRequest('message identifier is not specified');
    if (!chat.delete(messageId)) throw badRequest('message to delete not found');
    return true;
  },

  answerCallbackQuery(params, { state }) {
    const callbackQueryId = params.string('callback_query_id');
    if (!callbackQueryId) throw badRequest('query_id is empty');
    const text = params.string('text');
    if (text !== undefined && text.length > MAX_CALLBACK_ANSWER_LENGTH) throw badRequest('MESSAGE_TOO_LONG');
    const url = params.string('url');
    const cacheTime = params.integer('cache_time');
    state.answerCallbackQuery({
      callbackQueryId,
      showAlert: params.boolean('show_alert') ?? false,
      ...(text !== undefined && text !== '' ? { text } : {}),
      ...(url !== undefined ? { url } : {}),
      ...(cacheTime !== undefined ? { cacheTime } : {}),
    });
    return true;
  },

  sendChatAction(params, { state }) {
    const action = params.string('action');
    if (action === undefined || !CHAT_ACTIONS.has(action)) {
      throw badRequest('wrong parameter action in request');
    }
    const chat = state.writableChatFor(params);
    chat.chatActions.push(action);
    return true;
  },

  getChat(params, { state }) {
    return state.chatFor(params).chat;
  },
};

/** The fields a formatted text gives a message; `entities` only when there are some, as Telegram omits it. */
export function textFields(text: FormattedText): Pick<Message, 'text' | 'entities'> {
  return { text: text.text, ...(text.entities.length > 0 ? { entities: text.entities } : {}) };
}

/** The fields a caption gives a message. */
export function captionFields(
  caption: FormattedText | undefined,
): Pick<Message, 'caption' | 'caption_entities'> {
  if (!caption) return {};
  return {
    caption: caption.text,
    ...(caption.entities.length > 0 ? { caption_entities: caption.entities as MessageEntity[] } : {}),
  };
}

function readInlineKeyboard(params: RequestParams): InlineKeyboardMarkup | undefined {
  const markup = readReplyMarkup(params.json('reply_markup'));
  if (markup?.replyKeyboard || markup?.removeKeyboard || markup?.forceReply) {
    throw badRequest('inline keyboard expected');
  }
  return markup?.inlineKeyboard;
}

/** @throws BotApiError 400 when the message is not there or is not the bot's. */
function messageToEdit(params: RequestParams, chat: ChatState): { chat: ChatState; message: Message } {
  if (params.has('inline_message_id')) throw badRequest('MESSAGE_ID_INVALID');
  const messageId = params.integer('message_id');
  if (messageId === undefined) throw badRequest('message identifier is not specified');
  const message = chat.get(messageId);
  if (!message) throw badRequest('message to edit not found');
  if (!chat.isFromBot(messageId)) throw badRequest("message can't be edited");
  return { chat, message };
}

function replaceMessage(chat: ChatState, message: Message): Message {
  chat.replace(message);
  return message;
}

/** Compares JSON values ignoring key order, as Telegram compares the markup it has parsed. */
function sameJson(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

function canonicalJson(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, field]) => field !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, field]) => `${JSON.stringify(key)}:${canonicalJson(field)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
