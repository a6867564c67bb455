/** What the pacer answers a request to start one send. */
export type PaceAnswer =
  | { readonly granted: true }
  /**
   * Not now; ask again after `waitMs`. `all`: no send may start yet (the overall pace, or a 429 pause);
   * `chat`: this chat had a message less than a second ago, other chats may go on.
   */
  | { readonly granted: false; readonly waitMs: number; readonly scope: 'all' | 'chat' };

/**
 * The pace of the messages the bot sends on its own, for every outbox sharing it: at most so many a second
 * overall, one a second per chat, and nothing while a 429 pause lasts. The embedded set paces one process
 * (src/outbox/pacing.ts); the shared set paces every instance on the database together. Times are the
 * engine's clock in ms (an adapter may use a clock of its own, e.g. the database's, and answer in waits).
 */
export interface SendPacer {
  /** Asks to start one send to `chatId` at `nowMs`; a grant counts the send, so start it. */
  take(chatId: number, nowMs: number): Promise<PaceAnswer>;
  /** Telegram answered 429: holds every send for `retryAfterMs` from `nowMs`; never shortens a longer pause. */
  pause(retryAfterMs: number, nowMs: number): Promise<void>;
}
