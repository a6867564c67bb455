/**
 * How many updates Telegram posts at once (setWebhook's `max_connections`, Telegram's default): an instance
 * never has more in hand, whatever the load, so a pool of this many lock connections never keeps one waiting.
 */
export const WEBHOOK_MAX_CONNECTIONS = 40;

/** What became of an update brought to the gate. */
export type GateOutcome = 'applied' | 'duplicate';

/**
 * Where webhook mode applies each Telegram update once (Telegram delivers again what got no 2xx, and an
 * instance may die between applying an update and answering): under its chat's lock, across instances (a
 * button press may reach one instance while the same chat's message runs on another), an update already
 * recorded causes nothing, and one applied is recorded before the lock is let go, so that a re-delivery
 * waiting on the lock finds it. Entries are kept a day (Telegram gives up on an update long before).
 */
export interface UpdateGate {
  /**
   * Runs `work` for the update unless it is recorded as applied; records it once `work` resolved. `userId`,
   * the sender, lets a shared store read their applicant record ahead, in the round trip that takes the lock.
   * @throws what `work` threw (nothing recorded), or the store's failure.
   */
  run(
    update: { readonly chatKey: string; readonly updateId: number; readonly userId?: number },
    work: () => Promise<void>,
  ): Promise<GateOutcome>;
  /** Forgets the updates recorded before `before`; resolves with how many. */
  prune(before: Date): Promise<number>;
}
