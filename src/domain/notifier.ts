/** A message the bot sends on its own initiative (an alert, a reminder), not as a reply. */
export interface Notification {
  readonly userId: number;
  readonly chatId: number;
  /** Telegram HTML. */
  readonly html: string;
  /** Why it is sent, for records and tests, e.g. `returned`, `window_open`. */
  readonly reason: string;
  /**
   * Identifies the notification for "never twice": a second notify with the same key does nothing,
   * e.g. `reminder:daily:2020-03-25:1001` or `review:returned:1001:2020-03-25T08:00:00.000Z`.
   */
  readonly dedupeKey: string;
}

/**
 * The port through which domain and bot code send notifications. The adapter (the outbox) persists each one
 * before sending, so a crash or restart loses none and sends none twice, and it paces delivery to Telegram's
 * limits. `notify` resolves once the notification is safely recorded, not when it is delivered.
 */
export interface Notifier {
  notify(notification: Notification): Promise<void>;
  /** Drops every notification kept for an applicant, sent or not (their data is deleted on request). */
  forget(userId: number): Promise<void>;
}
