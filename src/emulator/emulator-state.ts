import { badRequest, forbidden, QUERY_TOO_OLD } from './bot-api-error.js';
import type {
  BotCommand,
  BotCommandScope,
  CallbackQuery,
  Chat,
  Message,
  Update,
  UpdateContent,
  User,
} from './bot-api-types.js';
import { ChatState } from './chat-state.js';
import { FileStore } from './file-store.js';
import type { RequestParams } from './request-params.js';
import { UpdateQueue } from './update-queue.js';
import { WebhookDelivery, type WebhookDeliveryDependencies } from './webhook-delivery.js';

/** What `answerCallbackQuery` said about one press. */
export interface CallbackAnswer {
  readonly callbackQueryId: string;
  readonly text?: string;
  readonly showAlert: boolean;
  readonly url?: string;
  readonly cacheTime?: number;
}

/** A message as a simulated user composes it; the emulator adds id, sender, chat and date. */
export type UserMessageContent = Omit<Message, 'message_id' | 'from' | 'chat' | 'date'>;

export interface EmulatorStateOptions {
  readonly botToken: string;
  readonly botUsername: string;
  readonly botFirstName: string;
  /** Milliseconds since the epoch; message dates are read from it. */
  readonly clock: () => number;
  /** Timing, observer and reply-call runner of webhook delivery. */
  readonly webhook?: Omit<WebhookDeliveryDependencies, 'nowSeconds'>;
}

interface CallbackQueryRecord {
  readonly query: CallbackQuery;
  answer: CallbackAnswer | undefined;
  readonly waiters: Array<(answer: CallbackAnswer) => void>;
}

/**
 * Everything the emulated Telegram knows: the bot, chats and their messages, files, pending
 * updates, callback queries and command lists. Both sides use it — Bot API method handlers and
 * the simulated users — so each rule lives once.
 */
export class EmulatorState {
  readonly botToken: string;
  readonly botUser: User;
  readonly files = new FileStore();
  readonly updates = new UpdateQueue();
  /** Pushes `updates` to the bot's webhook while one is set. */
  readonly webhook: WebhookDelivery;
  /** Values of `setMyDescription` and friends, by method family, then scope+language key. */
  readonly botSettings = new Map<string, unknown>();
  private readonly clock: () => number;
  private readonly chats = new Map<number, ChatState>();
  private readonly callbackQueries = new Map<string, CallbackQueryRecord>();
  private readonly commandLists = new Map<string, readonly BotCommand[]>();
  private readonly users = new Map<number, User>();
  private lastCallbackQueryNumber = 0;
  private lastMediaGroupNumber = 0;

  constructor(options: EmulatorStateOptions) {
    this.botToken = options.botToken;
    this.clock = options.clock;
    this.webhook = new WebhookDelivery(this.updates, {
      ...options.webhook,
      nowSeconds: () => this.nowSeconds(),
    });
    const botId = Number(/^(\d+):/.exec(options.botToken)?.[1] ?? 7000000001);
    this.botUser = {
      id: botId,
      is_bot: true,
      first_name: options.botFirstName,
      username: options.botUsername,
    };
  }

  /** The emulator's clock in Telegram's unit, Unix seconds. */
  nowSeconds(): number {
    return Math.floor(this.clock() / 1000);
  }

  /** @throws Error when a chat with this id exists already. */
  addChat(chat: Chat): ChatState {
    if (this.chats.has(chat.id)) {
      throw new Error(`A chat with id ${chat.id} exists already; pick another id.`);
    }
    const state = new ChatState(chat);
    this.chats.set(chat.id, state);
    return state;
  }

  /** Opens the private chat of a simulated user with the bot. */
  addPrivateChat(user: User): ChatState {
    const chat = this.addChat({
      id: user.id,
      type: 'private',
      first_name: user.first_name,
      ...(user.last_name !== undefined ? { last_name: user.last_name } : {}),
      ...(user.username !== undefined ? { username: user.username } : {}),
    });
    this.users.set(user.id, user);
    return chat;
  }

  findChat(chatId: number): ChatState | undefined {
    return this.chats.get(chatId);
  }

  allChats(): IterableIterator<ChatState> {
    return this.chats.values();
  }

  /**
   * The chat a call names in `chat_id`.
   * @throws BotApiError 400 `chat_id is empty` / `chat not found`.
   */
  chatFor(params: RequestParams): ChatState {
    const chatId = params.chatId();
    if (chatId === undefined) throw badRequest('chat_id is empty');
    const chat = typeof chatId === 'number' ? this.chats.get(chatId) : this.findChatByUsername(chatId);
    if (!chat) throw badRequest('chat not found');
    return chat;
  }

  /**
   * The chat a call names, when the bot may write to it.
   * @throws BotApiError 400 as `chatFor`, 403 `bot was blocked by the user`.
   */
  writableChatFor(params: RequestParams): ChatState {
    const chat = this.chatFor(params);
    if (chat.botBlocked) throw forbidden('bot was blocked by the user');
    return chat;
  }

  /** Stores a simulated user's message and queues its `message` update. */
  postUserMessage(chat: ChatState, from: User, content: UserMessageContent): Message {
    const message = this.composeUserMessage(chat, from, content);
    chat.storeUserMessage(message);
    this.updates.enqueue([{ message }]);
    return message;
  }

  /**
   * Stores messages sent together (an album) and queues their updates in one go, delivered in
   * `order` (indices into `contents`); message ids follow the composed order, as in Telegram.
   */
  postUserMessages(
    chat: ChatState,
    from: User,
    contents: readonly UserMessageContent[],
    order?: readonly number[],
  ): Message[] {
    const delivery = order ?? contents.map((_, index) => index);
    const sorted = [...delivery].sort((a, b) => a - b);
    if (sorted.length !== contents.length || sorted.some((value, index) => value !== index)) {
      throw new Error(
        `order must be a permutation of 0..${contents.length - 1}, got [${delivery.join(', ')}]`,
      );
    }
    const messages = contents.map((content) => this.composeUserMessage(chat, from, content));
    for (const message of messages) chat.storeUserMessage(message);
    this.updates.enqueue(delivery.map((index) => ({ message: messages[index] as Message })));
    return messages;
  }

  /** Replaces a user's message with an edited version and queues the `edited_message` update. */
  editUserMessage(chat: ChatState, message: Message, changes: UserMessageContent): Message {
    const base: Partial<Record<keyof Message, unknown>> = { ...message };
    // New text brings its own entities; the old ones must not survive on it.
    if ('text' in changes) delete base.entities;
    if ('caption' in changes) delete base.caption_entities;
    const edited = { ...base, ...changes, edit_date: this.nowSeconds() } as Message;
    chat.replace(edited);
    this.updates.enqueue([{ edited_message: edited }]);
    return edited;
  }

  /** Creates the callback query of a button press and queues its update. */
  pressCallback(chat: ChatState, from: User, message: Message, data: string): CallbackQuery {
    const query: CallbackQuery = {
      id: String(4_000_000_000_000 + ++this.lastCallbackQueryNumber),
      from,
      message,
      chat_instance: chat.chatInstance,
      data,
    };
    this.callbackQueries.set(query.id, { query, answer: undefined, waiters: [] });
    this.updates.enqueue([{ callback_query: query }]);
    return query;
  }

  /**
   * Records the bot's answer to a callback query.
   * @throws BotApiError 400 `query is too old...` for an unknown or already answered query.
   */
  answerCallbackQuery(answer: CallbackAnswer): void {
    const record = this.callbackQueries.get(answer.callbackQueryId);
    if (!record || record.answer) throw badRequest(QUERY_TOO_OLD);
    record.answer = answer;
    for (const resolve of record.waiters.splice(0)) resolve(answer);
  }

  callbackAnswer(callbackQueryId: string): CallbackAnswer | undefined {
    return this.callbackQueries.get(callbackQueryId)?.answer;
  }

  /** Resolves with the answer to a callback query once the bot gives it. */
  whenCallbackAnswered(callbackQueryId: string): Promise<CallbackAnswer> {
    const record = this.callbackQueries.get(callbackQueryId);
    if (!record) return Promise.reject(new Error(`No callback query ${callbackQueryId} was pressed.`));
    if (record.answer) return Promise.resolve(record.answer);
    return new Promise((resolve) => record.waiters.push(resolve));
  }

  /** A fresh `media_group_id`, shared by the messages of one album. */
  nextMediaGroupId(): string {
    return String(130_000_000_000_000 + ++this.lastMediaGroupNumber);
  }

  /**
   * Blocks or unblocks the bot for a user, queueing the `my_chat_member` update Telegram sends.
   * @throws Error when the user has no private chat with the bot.
   */
  setBotBlocked(userId: number, blocked: boolean): void {
    const chat = this.chats.get(userId);
    if (chat?.chat.type !== 'private') throw new Error(`No simulated user ${userId}; create it first.`);
    if (chat.botBlocked === blocked) return;
    chat.botBlocked = blocked;
    const from = this.users.get(userId) as User;
    const member = { status: 'member' as const, user: this.botUser };
    const kicked = { status: 'kicked' as const, user: this.botUser, until_date: 0 };
    this.updates.enqueue([
      {
        my_chat_member: {
          chat: chat.chat,
          from,
          date: this.nowSeconds(),
          old_chat_member: blocked ? member : kicked,
          new_chat_member: blocked ? kicked : member,
        },
      },
    ]);
  }

  setCommands(
    scope: BotCommandScope | undefined,
    languageCode: string | undefined,
    commands: readonly BotCommand[],
  ) {
    this.commandLists.set(commandListKey(scope, languageCode), commands);
  }

  /** The commands for exactly this scope and language (no fallback, like getMyCommands). */
  commands(
    scope: BotCommandScope | undefined,
    languageCode: string | undefined,
  ): readonly BotCommand[] | undefined {
    return this.commandLists.get(commandListKey(scope, languageCode));
  }

  deleteCommands(scope: BotCommandScope | undefined, languageCode: string | undefined): void {
    this.commandLists.delete(commandListKey(scope, languageCode));
  }

  /** Queues raw updates, numbered by the emulator (any `update_id` given is replaced). */
  queueUpdates(contents: readonly UpdateContent[]): Update[] {
    return this.updates.enqueue(contents);
  }

  private composeUserMessage(chat: ChatState, from: User, content: UserMessageContent): Message {
    return { message_id: chat.nextMessageId(), from, chat: chat.chat, date: this.nowSeconds(), ...content };
  }

  private findChatByUsername(name: string): ChatState | undefined {
    const wanted = name.replace(/^@/, '').toLowerCase();
    for (const chat of this.chats.values()) {
      if (chat.chat.username?.toLowerCase() === wanted) return chat;
    }
    return undefined;
  }
}

function commandListKey(scope: BotCommandScope | undefined, languageCode: string | undefined): string {
  const { type = 'default', chat_id, user_id } = scope ?? {};
  return JSON.stringify([
    type,
    chat_id === undefined ? null : String(chat_id),
    user_id ?? null,
    languageCode ?? '',
  ]);
}
