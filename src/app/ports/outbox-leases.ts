import type { OutboxRecord } from './outbox-repository.js';

/**
 * Whether an outbox instance that claimed records is still alive, so that another takes over only the
 * records of one that has gone. The embedded set asks the operating system (one host: is the pid running,
 * src/outbox/takeover.ts); the shared set keeps a lease per instance in the database, which the instance
 * renews while it runs (src/storage/postgres/postgres-outbox-leases.ts). Times are the engine's clock.
 */
export interface OutboxLeases {
  /** How often the engine renews its lease (0: never needed) … */
  readonly renewEveryMs: number;
  /** … and looks for records whose owner has gone: about a lease's length. */
  readonly sweepEveryMs: number;
  /** Takes or extends `owner`'s lease from `now`; called before its first record and every `renewEveryMs`. */
  renew(owner: string, now: Date): Promise<void>;
  /** Gives the lease up at a clean stop, so that others take over what is left at their next sweep. */
  release(owner: string): Promise<void>;
  /** Of `records` (none of them `self`'s), those whose owner has gone at `now`: they may be taken over. */
  abandoned<R extends Pick<OutboxRecord, 'owner' | 'updatedAt'>>(
    records: readonly R[],
    self: string,
    now: Date,
  ): Promise<R[]>;
}
