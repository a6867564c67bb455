import type { InlineKeyboardButton, Message, ReplyKeyboardMarkup } from './bot-api-types.js';
import type { ChatState } from './chat-state.js';
import type { BotActivity } from './chat-timeline.js';
import type { EmulatorState } from './emulator-state.js';

/** Default time `waitForMessage` gives the bot. */
export const DEFAULT_WAIT_TIMEOUT_MS = 5000;

/** Which bot message to wait for; `kind` tells a new message from an edit of an earlier one. */
export type MessagePredicate = (message: Message, kind: 'sent' | 'edited') => boolean;

export interface WaitForMessageOptions {
  /** A `cursor()` taken earlier: only bot activity after it counts. Defaults to the read position. */
  readonly after?: number;
  readonly timeoutMs?: number;
}

/** Which inline button to press: its exact text, a pattern, or a test. */
export type ButtonMatcher = string | RegExp | ((button: InlineKeyboardButton, message: Message) => boolean);

/**
 * Reading one chat from a participant's side: the bot's messages as they stand now, and waiting
 * for the next one. A read position makes waiting race-free without cursors: every action of the
 * participant moves it to the end of the chat, and every message `waitForMessage` returns moves it
 * past that message. So `await user.sendText('x'); await user.waitForMessage()` yields the first bot
 * message after 'x', even if the bot answered before `waitForMessage` was called.
 */
export class ChatInbox {
  private readPosition = 0;

  constructor(
    private readonly state: EmulatorState,
    readonly chat: ChatState,
    /** Names the participant in error messages. */
    private readonly label: string,
  ) {}

  /** The current end of the chat's bot activity, to pass as `after` later. */
  cursor(): number {
    return this.chat.timeline.position;
  }

  /** Marks everything so far as read; called before each of the participant's actions. */
  markAction(): void {
    this.readPosition = Math.max(this.readPosition, this.chat.timeline.position);
  }

  messages(): Message[] {
    return this.chat.botMessages();
  }

  lastMessage(): Message | undefined {
    return this.chat.newestBotMessage(() => true);
  }

  /**
   * Resolves with the first bot message, sent or edited, after `options.after` (default: the read
   * position) that matches `predicate`, in its state at that moment; moves the read position past it.
   * @throws Error (rejects) after `timeoutMs` (default 5000), listing the bot's last messages here.
   */
  async waitForMessage(predicate?: MessagePredicate, options: WaitForMessageOptions = {}): Promise<Message> {
    const after = options.after ?? this.readPosition;
    const timeoutMs = options.timeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS;
    const activity = await this.chat.timeline.next(
      after,
      (candidate) => candidate.kind !== 'deleted' && (predicate?.(candidate.message, candidate.kind) ?? true),
      timeoutMs,
      () =>
        `${this.label}: no bot message${predicate ? ' matching the predicate' : ''} after position ${after} ` +
        `within ${timeoutMs} ms (${this.state.updates.pending} update(s) still unconfirmed by the bot). ` +
        `Last bot activity here:\n${this.describeRecent()}`,
    );
    this.readPosition = Math.max(this.readPosition, activity.position);
    return activity.message;
  }

  /** The custom keyboard the bot shows in this chat, if any. */
  replyKeyboard(): ReplyKeyboardMarkup | undefined {
    return this.chat.replyKeyboard;
  }

  chatActions(): readonly string[] {
    return this.chat.chatActions;
  }

  /**
   * The bot's newest message with a button matching, or the given message's button.
   * @throws Error naming the buttons on offer when none matches.
   */
  findButton(matcher: ButtonMatcher, messageId?: number): { message: Message; button: InlineKeyboardButton } {
    const test = toButtonTest(matcher);
    const buttonOf = (message: Message) =>
      message.reply_markup?.inline_keyboard.flat().find((button) => test(button, message));
    const message =
      messageId === undefined
        ? this.chat.newestBotMessage((candidate) => buttonOf(candidate) !== undefined)
        : this.chat.get(messageId);
    const button = message && this.chat.isFromBot(message.message_id) ? buttonOf(message) : undefined;
    if (!message || !button) {
      const where = messageId === undefined ? 'No bot message' : `Bot message ${messageId}`;
      throw new Error(
        `${this.label}: ${where} has an inline button ${describeMatcher(matcher)}. Last bot activity here:\n${this.describeRecent()}`,
      );
    }
    return { message, button };
  }

  /**
   * The bytes of a file the bot sent (or any known file), by file_id or by its message; for a
   * photo, the largest size.
   * @throws Error when the file is unknown or exists only by size.
   */
  downloadSent(fileIdOrMessage: string | Message): Uint8Array {
    const fileId = typeof fileIdOrMessage === 'string' ? fileIdOrMessage : fileIdOf(fileIdOrMessage);
    const file = fileId === undefined ? undefined : this.state.files.get(fileId);
    if (!file?.bytes) {
      throw new Error(`${this.label}: no stored bytes for ${fileId ?? 'a message without a file'}.`);
    }
    return file.bytes;
  }

  private describeRecent(): string {
    const recent = this.chat.timeline.recent(5);
    if (recent.length === 0) {
      return '  (none: the bot has not written to this chat; is it running and polling?)';
    }
    return recent.map(describeActivity).join('\n');
  }
}

/** The file a message carries; for a photo, its largest size. */
export function fileIdOf(message: Message): string | undefined {
  return (
    message.photo?.at(-1)?.file_id ??
    message.document?.file_id ??
    message.sticker?.file_id ??
    message.voice?.file_id ??
    message.video?.file_id
  );
}

function toButtonTest(matcher: ButtonMatcher): (button: InlineKeyboardButton, message: Message) => boolean {
  if (typeof matcher === 'string') return (button) => button.text === matcher;
  if (matcher instanceof RegExp) return (button) => matcher.test(button.text);
  return matcher;
}

function describeMatcher(matcher: ButtonMatcher): string {
  if (typeof matcher === 'string') return JSON.stringify(matcher);
  if (matcher instanceof RegExp) return `matching ${matcher}`;
  return 'accepted by the predicate';
}

function describeActivity(activity: BotActivity): string {
  const { message } = activity;
  const body = message.text ?? message.caption ?? '';
  const media = message.photo
    ? '[photo] '
    : message.document
      ? `[document ${message.document.file_name ?? ''}] `
      : '';
  const shown = body.length > 80 ? `${body.slice(0, 80)}…` : body;
  const buttons = message.reply_markup?.inline_keyboard.map((row) =>
    row.map((button) => button.text).join(' | '),
  );
  const keyboard = buttons && buttons.length > 0 ? ` buttons: [${buttons.join('] [')}]` : '';
  return `  #${activity.position} ${activity.kind} message ${message.message_id}: ${media}${JSON.stringify(shown)}${keyboard}`;
}
