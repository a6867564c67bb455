/**
 * The Telegram updates already applied (webhook mode): Telegram delivers an update again when it got no 2xx
 * for it, and an instance may die after applying one but before answering. An update found here is answered
 * and causes nothing. Entries are kept a day (Telegram gives up on an update long before), then pruned.
 */
export interface UpdateLog {
  has(updateId: number): Promise<boolean>;
  /** Records an applied update; recording one twice is not an error. */
  record(updateId: number): Promise<void>;
  /** Forgets the updates recorded before `before`; resolves with how many. */
  prune(before: Date): Promise<number>;
}
