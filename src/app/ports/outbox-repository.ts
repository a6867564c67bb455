import type { Notification } from '../../domain/notifier.js';

/**
 * `pending`: recorded, not yet handed to Telegram. `sending`: handed over, answer not yet recorded — after a
 * crash it is sent again. `sent`, `failed` (gave up), `blocked` (403): final.
 */
export type OutboxState = 'pending' | 'sending' | 'sent' | 'failed' | 'blocked';

/** One notification in the outbox, kept after delivery as the marker of its dedupe key. */
export interface OutboxRecord {
  readonly dedupeKey: string;
  readonly userId: number;
  readonly chatId: number;
  /** Telegram HTML. */
  readonly html: string;
  readonly reason: string;
  readonly state: OutboxState;
  /** Send attempts so far (a 429 does not count: it says nothing about the message). */
  readonly attempts: number;
  /** The revision `update` compares on; the repository bumps it on every write. */
  readonly rev: number;
  /** The outbox instance delivering it, `host:pid:nonce`; whether it is alive, see outbox-leases.ts. */
  readonly owner: string;
  /** ISO-8601 times. */
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly sentAt?: string | undefined;
  readonly messageId?: number | undefined;
  /** The last error, for `failed` and retried records: Telegram's description, never the token. */
  readonly lastError?: string | undefined;
}

/**
 * What the outbox engine (src/outbox/) needs of its store. Every state change — claiming a record
 * (`sending`), marking it `sent`, `blocked` or `failed`, putting it back to `pending`, taking over a gone
 * owner's record — is an `update`: a compare-and-set, so two processes sharing the store never both win.
 * An outage, or a stored record that cannot be used (CorruptRecordError, src/errors.ts), rejects; the engine
 * logs it and leaves the record unfinished for the next start.
 */
export interface OutboxRepository {
  /**
   * Records each notification whose dedupe key was never recorded, as `pending` owned by `owner`; returns
   * the new records, in input order (a repeated key within `notifications` counts once). Atomic per key
   * across processes: of two processes adding one key, exactly one gets it back.
   */
  add(notifications: readonly Notification[], owner: string, now: Date): Promise<OutboxRecord[]>;
  /**
   * Writes `current` with `changes` if the stored record is still at `current.rev`; returns the new record,
   * or undefined when another writer got there first (or the record was forgotten).
   */
  update(current: OutboxRecord, changes: Partial<OutboxRecord>, now: Date): Promise<OutboxRecord | undefined>;
  /** The record of one dedupe key, undefined when it was never recorded (or forgotten). */
  get(dedupeKey: string): Promise<OutboxRecord | undefined>;
  /** Every record still to be delivered (`pending` or `sending`), oldest first. */
  unfinished(): Promise<OutboxRecord[]>;
  /** Deletes every record of one applicant, delivered or not (delete my data); returns how many. */
  forget(userId: number): Promise<number>;
}
