import type { Chat, Message, ReplyKeyboardMarkup } from './bot-api-types.js';
import { ChatTimeline } from './chat-timeline.js';

/**
 * One chat as the emulator keeps it: every message by id (O(1)), which of them the bot sent in
 * order, and the timeline of what the bot did, for waiting on it.
 */
export class ChatState {
  readonly timeline = new ChatTimeline();
  /** Whether the user of this private chat has blocked the bot. */
  botBlocked = false;
  /** The custom keyboard the bot last showed, until it removes it. */
  replyKeyboard: ReplyKeyboardMarkup | undefined;
  /** Every `sendChatAction` action, oldest first. */
  readonly chatActions: string[] = [];
  /** Telegram's `chat_instance` of callback queries from this chat. */
  readonly chatInstance: string;
  private readonly messages = new Map<number, Message>();
  private readonly botMessageIds = new Set<number>();
  private lastMessageId = 0;

  constructor(readonly chat: Chat) {
    this.chatInstance = String(BigInt.asUintN(63, BigInt(chat.id) * 2654435761n + 97n));
  }

  nextMessageId(): number {
    return ++this.lastMessageId;
  }

  get(messageId: number): Message | undefined {
    return this.messages.get(messageId);
  }

  isFromBot(messageId: number): boolean {
    return this.botMessageIds.has(messageId);
  }

  storeUserMessage(message: Message): void {
    this.messages.set(message.message_id, message);
  }

  storeBotMessage(message: Message): void {
    this.messages.set(message.message_id, message);
    this.botMessageIds.add(message.message_id);
    this.timeline.record('sent', message);
  }

  /** Replaces a message with its edited state; an edit of the bot's message enters the timeline. */
  replace(message: Message): void {
    this.messages.set(message.message_id, message);
    if (this.botMessageIds.has(message.message_id)) this.timeline.record('edited', message);
  }

  /** Returns false when there is no such message. */
  delete(messageId: number): boolean {
    const message = this.messages.get(messageId);
    if (!message) return false;
    this.messages.delete(messageId);
    if (this.botMessageIds.delete(messageId)) this.timeline.record('deleted', message);
    return true;
  }

  /** The bot's messages still in the chat, in the order sent, each in its current state. */
  botMessages(): Message[] {
    return [...this.botMessageIds].map((id) => this.messages.get(id) as Message);
  }

  /** The bot's newest message matching `accept`, searched from the newest. */
  newestBotMessage(accept: (message: Message) => boolean): Message | undefined {
    const ids = [...this.botMessageIds];
    for (let index = ids.length - 1; index >= 0; index--) {
      const message = this.messages.get(ids[index] as number) as Message;
      if (accept(message)) return message;
    }
    return undefined;
  }
}
