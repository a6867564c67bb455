import type { Message, User } from '../bot-api-types.js';
import {
  type ButtonMatcher,
  ChatInbox,
  type MessagePredicate,
  type WaitForMessageOptions,
} from '../chat-inbox.js';
import type { ChatState } from '../chat-state.js';
import type { EmulatorState } from '../emulator-state.js';
import type { PressedButton, SimulatedUser } from '../simulated-user.js';
import { textContent } from '../user-content.js';

export interface SimulatedGroupOptions {
  /** Negative, as Telegram's group ids are. Defaults to the next free id. */
  readonly id?: number;
  readonly title?: string;
  /** Default `supergroup`, what groups become as soon as they use most features. */
  readonly type?: 'group' | 'supergroup';
}

/**
 * A group chat the bot is a member of, for checking how the bot behaves outside private chats.
 * Any simulated user (or raw User) can speak in it; reading and waiting work as for a user, with
 * one read position for the whole group.
 */
export class SimulatedGroup {
  private readonly inbox: ChatInbox;

  constructor(
    private readonly state: EmulatorState,
    private readonly chatState: ChatState,
  ) {
    this.inbox = new ChatInbox(
      state,
      chatState,
      `group ${chatState.chat.id} (${chatState.chat.title ?? ''})`,
    );
  }

  get chatId(): number {
    return this.chatState.chat.id;
  }

  /** Sends text as `from`; `/start@botname` style commands carry a `bot_command` entity. */
  async sendText(from: SimulatedUser | User, text: string): Promise<Message> {
    this.inbox.markAction();
    return this.state.postUserMessage(this.chatState, toUser(from), textContent(text));
  }

  /** Presses an inline button of the bot's newest message that has one matching, as `from`. */
  async pressButton(
    from: SimulatedUser | User,
    matcher: ButtonMatcher,
    options: { readonly messageId?: number } = {},
  ): Promise<PressedButton> {
    const { message, button } = this.inbox.findButton(matcher, options.messageId);
    if (button.callback_data === undefined) {
      throw new Error(`group ${this.chatId}: button "${button.text}" has no callback_data.`);
    }
    this.inbox.markAction();
    const query = this.state.pressCallback(this.chatState, toUser(from), message, button.callback_data);
    return { callbackQueryId: query.id, data: button.callback_data, message, button };
  }

  cursor(): number {
    return this.inbox.cursor();
  }

  /** As `SimulatedUser.waitForMessage`, for the bot's messages in this group. */
  waitForMessage(predicate?: MessagePredicate, options?: WaitForMessageOptions): Promise<Message> {
    return this.inbox.waitForMessage(predicate, options);
  }

  messages(): Message[] {
    return this.inbox.messages();
  }

  lastMessage(): Message | undefined {
    return this.inbox.lastMessage();
  }
}

function toUser(from: SimulatedUser | User): User {
  return 'user' in from ? from.user : from;
}
