/** Telegram's limits for messages a bot sends on its own, and how hard to try. */
export interface OutboxLimits {
  /** Overall; Telegram allows about 30 a second, the rest is left for replies to applicants. */
  readonly messagesPerSecond: number;
  /** Per chat: Telegram asks for no more than one message a second in one chat. */
  readonly perChatIntervalMs: number;
  /** Attempts before a message is given up as `failed` (429s do not count). */
  readonly maxAttempts: number;
  /** The first retry waits this long, each next one twice as long, up to `backoffMaxMs`. */
  readonly backoffBaseMs: number;
  readonly backoffMaxMs: number;
  /** Sends awaiting Telegram's answer at once; with 100 ms of latency, 25 a second needs 3. */
  readonly maxInFlight: number;
}

export const DEFAULT_OUTBOX_LIMITS: OutboxLimits = {
  messagesPerSecond: 25,
  perChatIntervalMs: 1000,
  maxAttempts: 5,
  backoffBaseMs: 2000,
  backoffMaxMs: 5 * 60_000,
  maxInFlight: 16,
};
