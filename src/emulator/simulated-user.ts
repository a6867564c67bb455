import type { InlineKeyboardButton, Message, ReplyKeyboardMarkup, User } from './bot-api-types.js';
import {
  type ButtonMatcher,
  ChatInbox,
  DEFAULT_WAIT_TIMEOUT_MS,
  type MessagePredicate,
  type WaitForMessageOptions,
} from './chat-inbox.js';
import type { ChatState } from './chat-state.js';
import type { CallbackAnswer, EmulatorState, UserMessageContent } from './emulator-state.js';
import type { PhotoSizeInput } from './photo-sizes.js';
import {
  type DocumentOptions,
  documentContent,
  type MediaOptions,
  photoContent,
  stickerContent,
  textContent,
  videoContent,
  voiceContent,
} from './user-content.js';

/** Language codes as Telegram clients report them; applicants mostly use `zh-hans`. */
export type LanguageCode = 'zh-hans' | 'zh-hant' | 'zh' | 'en' | (string & {});

export interface SimulatedUserOptions {
  /** Also the id of the private chat. Defaults to the next free id. */
  readonly id?: number;
  readonly firstName?: string;
  readonly lastName?: string;
  readonly username?: string;
  /** Default `zh-hans`. */
  readonly languageCode?: LanguageCode;
  readonly isPremium?: boolean;
}

/** One item of `sendAlbum`. */
export type AlbumItem =
  | { readonly type: 'photo'; readonly sizes: readonly PhotoSizeInput[]; readonly caption?: string }
  | ({ readonly type: 'document'; readonly bytes: Uint8Array } & DocumentOptions);

/** A button press as it was sent: the callback query id to look its answer up by. */
export interface PressedButton {
  readonly callbackQueryId: string;
  readonly data: string;
  readonly message: Message;
  readonly button?: InlineKeyboardButton;
}

/**
 * A Telegram user in a private chat with the bot, driven from tests. Sending methods store the
 * message and queue its update at once (they resolve when queued, not when the bot has handled
 * it); reading methods see the bot's messages as the emulator recorded them. Waiting is
 * event-driven and race-free, see `waitForMessage`.
 */
export class SimulatedUser {
  readonly user: User;
  private readonly inbox: ChatInbox;
  private readonly pressedQueryIds: string[] = [];
  private lastTextMessage: Message | undefined;

  constructor(
    private readonly state: EmulatorState,
    private readonly chatState: ChatState,
    user: User,
  ) {
    this.user = user;
    this.inbox = new ChatInbox(state, chatState, `user ${user.id} (${user.first_name})`);
  }

  get id(): number {
    return this.user.id;
  }

  /** The private chat's id, equal to the user's id as in Telegram. */
  get chatId(): number {
    return this.chatState.chat.id;
  }

  /** Sends text; commands (`/start`, `/start payload`) carry a `bot_command` entity. */
  async sendText(text: string): Promise<Message> {
    const message = this.post(textContent(text));
    this.lastTextMessage = message;
    return message;
  }

  /** Edits the user's last text message, producing an `edited_message` update. */
  async editLastText(newText: string): Promise<Message> {
    const last = this.lastTextMessage ? this.chatState.get(this.lastTextMessage.message_id) : undefined;
    if (!last) throw new Error(`user ${this.id}: there is no text message to edit; sendText first.`);
    this.beforeAction();
    const edited = this.state.editUserMessage(this.chatState, last, textContent(newText));
    this.lastTextMessage = edited;
    return edited;
  }

  async sendSticker(emoji?: string): Promise<Message> {
    return this.post(stickerContent(this.state.files, emoji));
  }

  async sendVoice(durationSeconds?: number): Promise<Message> {
    return this.post(voiceContent(this.state.files, durationSeconds));
  }

  async sendVideo(durationSeconds?: number): Promise<Message> {
    return this.post(videoContent(this.state.files, durationSeconds));
  }

  async sendLocation(latitude: number, longitude: number): Promise<Message> {
    return this.post({ location: { latitude, longitude } });
  }

  /** Shares a phone number, as the "share contact" reply button does. */
  async sendContact(phoneNumber: string): Promise<Message> {
    return this.post({
      contact: { phone_number: phoneNumber, first_name: this.user.first_name, user_id: this.user.id },
    });
  }

  /**
   * Sends a photo; the client supplies every size (thumbnail first, largest last, as Telegram
   * orders them), each stored as its own file the bot can getFile and download.
   */
  async sendPhoto(sizes: readonly PhotoSizeInput[], options?: MediaOptions): Promise<Message> {
    return this.post(photoContent(this.state.files, sizes, options));
  }

  /** Sends a document; `fileSize` can fake a large file (getFile then refuses it above 20 MB). */
  async sendDocument(bytes: Uint8Array, options: DocumentOptions): Promise<Message> {
    return this.post(documentContent(this.state.files, bytes, options));
  }

  /**
   * Sends an album: one `media_group_id`, message ids in item order, updates delivered in
   * `order` (indices into `items`, e.g. `[2, 0, 1]`), all queued at once so they reach the bot in
   * the same getUpdates batch. Returns the messages in item order.
   */
  async sendAlbum(
    items: readonly AlbumItem[],
    options: { readonly order?: readonly number[] } = {},
  ): Promise<Message[]> {
    if (items.length < 2 || items.length > 10) {
      throw new Error(`An album has 2-10 items, got ${items.length}.`);
    }
    const mediaGroupId = this.state.nextMediaGroupId();
    const contents: UserMessageContent[] = items.map((item) =>
      item.type === 'photo'
        ? photoContent(this.state.files, item.sizes, {
            mediaGroupId,
            ...(item.caption ? { caption: item.caption } : {}),
          })
        : documentContent(this.state.files, item.bytes, { ...item, mediaGroupId }),
    );
    this.beforeAction();
    return this.state.postUserMessages(this.chatState, this.user, contents, options.order);
  }

  /**
   * Presses an inline button of the bot's newest message that has one matching (or of
   * `options.messageId`), queueing its `callback_query` update.
   * @throws Error listing the bot's recent messages and buttons when none matches, or when the
   *   button has no callback_data (a URL button).
   */
  async pressButton(
    matcher: ButtonMatcher,
    options: { readonly messageId?: number } = {},
  ): Promise<PressedButton> {
    const { message, button } = this.inbox.findButton(matcher, options.messageId);
    if (button.callback_data === undefined) {
      throw new Error(
        `user ${this.id}: button "${button.text}" has no callback_data (url: ${button.url ?? '-'}).`,
      );
    }
    return { ...this.press(message, button.callback_data), button };
  }

  /**
   * Sends a callback query with arbitrary data for a message, as a tampered client could; the
   * data is not checked against the message's buttons nor the 64-byte limit.
   * @throws Error when the chat has no such message.
   */
  async pressCallbackData(messageId: number, data: string): Promise<PressedButton> {
    const message = this.chatState.get(messageId);
    if (!message) throw new Error(`user ${this.id}: no message ${messageId} in this chat.`);
    return this.press(message, data);
  }

  /** Blocks the bot: its next calls to this chat fail with 403, and a `my_chat_member` update is queued. */
  blockBot(): void {
    this.state.setBotBlocked(this.id, true);
  }

  unblockBot(): void {
    this.state.setBotBlocked(this.id, false);
  }

  /** The current end of the chat's bot activity; pass it as `after` to wait only for what comes later. */
  cursor(): number {
    return this.inbox.cursor();
  }

  /**
   * Resolves with the next bot message (new or edited) matching `predicate`: by default the first
   * one after this user's latest action or the last message this method returned, whichever is
   * later, so `await user.sendText('x'); const reply = await user.waitForMessage();` never misses
   * a fast reply. Pass `{ after: cursor }` to choose the starting point explicitly.
   * @throws Error (rejects) after `timeoutMs` (default 5000), listing the bot's last messages.
   */
  waitForMessage(predicate?: MessagePredicate, options?: WaitForMessageOptions): Promise<Message> {
    return this.inbox.waitForMessage(predicate, options);
  }

  /** The bot's messages in this chat, in the order sent, each as it stands after edits. */
  messages(): Message[] {
    return this.inbox.messages();
  }

  lastMessage(): Message | undefined {
    return this.inbox.lastMessage();
  }

  /** What the bot answered to this user's button presses, in press order (unanswered ones left out). */
  callbackAnswers(): CallbackAnswer[] {
    return this.pressedQueryIds
      .map((id) => this.state.callbackAnswer(id))
      .filter((answer): answer is CallbackAnswer => answer !== undefined);
  }

  /**
   * Resolves with the bot's answer to a press (default: the latest).
   * @throws Error (rejects) after `timeoutMs` (default 5000).
   */
  waitForCallbackAnswer(
    callbackQueryId = this.pressedQueryIds.at(-1),
    options: { readonly timeoutMs?: number } = {},
  ): Promise<CallbackAnswer> {
    if (callbackQueryId === undefined) {
      return Promise.reject(new Error(`user ${this.id}: no button was pressed.`));
    }
    const timeoutMs = options.timeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new Error(
              `user ${this.id}: the bot did not answer callback query ${callbackQueryId} within ${timeoutMs} ms.`,
            ),
          ),
        timeoutMs,
      );
    });
    return Promise.race([this.state.whenCallbackAnswered(callbackQueryId), timeout]).finally(() =>
      clearTimeout(timer),
    );
  }

  /** The custom (reply) keyboard the bot currently shows this user, if any. */
  replyKeyboard(): ReplyKeyboardMarkup | undefined {
    return this.inbox.replyKeyboard();
  }

  /** Every `sendChatAction` action the bot sent here, oldest first. */
  chatActions(): readonly string[] {
    return this.inbox.chatActions();
  }

  /**
   * The bytes of a file the bot sent, by file_id or message (a photo's largest size).
   * @throws Error when there are no stored bytes for it.
   */
  downloadSent(fileIdOrMessage: string | Message): Uint8Array {
    return this.inbox.downloadSent(fileIdOrMessage);
  }

  private post(content: UserMessageContent): Message {
    this.beforeAction();
    return this.state.postUserMessage(this.chatState, this.user, content);
  }

  private press(message: Message, data: string): PressedButton {
    this.beforeAction();
    const query = this.state.pressCallback(this.chatState, this.user, message, data);
    this.pressedQueryIds.push(query.id);
    return { callbackQueryId: query.id, data, message };
  }

  /** A user who blocked the bot and writes again has restarted it, as Telegram's "Restart" does. */
  private beforeAction(): void {
    if (this.chatState.botBlocked) this.state.setBotBlocked(this.id, false);
    this.inbox.markAction();
  }
}
