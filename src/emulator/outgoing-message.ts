import { badRequest } from './bot-api-error.js';
import type { Message } from './bot-api-types.js';
import type { ChatState } from './chat-state.js';
import type { EmulatorState } from './emulator-state.js';
import { readReplyMarkup } from './reply-markup.js';
import type { RequestParams } from './request-params.js';

/** The parts of a bot message every send method shares, read from the call before anything is stored. */
export interface OutgoingMessageBase {
  readonly replyTo: Message | undefined;
  /** Applies the call's keyboard to the chat and returns the inline keyboard to put on the message. */
  readonly applyMarkup: () => Pick<Message, 'reply_markup'>;
}

/**
 * Reads `reply_parameters` / `reply_to_message_id` and `reply_markup` of a send call.
 * @throws BotApiError 400 `message to be replied not found`, and the reply markup refusals.
 */
export function readOutgoingMessageBase(chat: ChatState, params: RequestParams): OutgoingMessageBase {
  const markup = readReplyMarkup(params.json('reply_markup'));
  const replyParameters = params.json('reply_parameters') as
    | { message_id?: number; allow_sending_without_reply?: boolean }
    | undefined;
  const replyToId = replyParameters?.message_id ?? params.integer('reply_to_message_id');
  const allowWithoutReply =
    replyParameters?.allow_sending_without_reply ?? params.boolean('allow_sending_without_reply') ?? false;
  let replyTo: Message | undefined;
  if (replyToId !== undefined) {
    replyTo = chat.get(replyToId);
    if (!replyTo && !allowWithoutReply) throw badRequest('message to be replied not found');
  }
  return {
    replyTo,
    applyMarkup: () => {
      if (markup?.replyKeyboard) chat.replyKeyboard = markup.replyKeyboard;
      if (markup?.removeKeyboard) chat.replyKeyboard = undefined;
      return markup?.inlineKeyboard ? { reply_markup: markup.inlineKeyboard } : {};
    },
  };
}

/** Builds, stores and returns a message from the bot. */
export function storeBotMessage(
  state: EmulatorState,
  chat: ChatState,
  base: OutgoingMessageBase,
  content: Omit<Message, 'message_id' | 'from' | 'chat' | 'date'>,
): Message {
  const { reply_to_message: _nested, ...replyTo } = base.replyTo ?? ({} as Message);
  const message: Message = {
    message_id: chat.nextMessageId(),
    from: state.botUser,
    chat: chat.chat,
    date: state.nowSeconds(),
    ...(base.replyTo ? { reply_to_message: replyTo as Message } : {}),
    ...content,
    ...base.applyMarkup(),
  };
  chat.storeBotMessage(message);
  return message;
}
