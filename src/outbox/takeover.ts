import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { OutboxRecord, OutboxRepository } from '../app/ports/outbox-repository.js';
import type { Logger } from '../log.js';
import type { DeliveryLoop } from './delivery-loop.js';
import type { OutboxStats } from './outbox-stats.js';

/** A foreign host's pid cannot be checked; its records are taken over once untouched this long. */
const FOREIGN_OWNER_STALE_MS = 60 * 60_000;

/** A fresh owner id for one outbox instance: `host:pid:nonce`. */
export function createOwnerId(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

/**
 * Whether the process that owns a record has gone, so that its record may be taken over. Owners are
 * `host:pid:nonce`: on this host, a pid that no longer runs (or is our own pid under another nonce: a
 * restarted container is pid 1 again) has gone; another host's is presumed gone once the record has been
 * untouched for an hour. SQLite in WAL mode needs every process on one host, so that case is rare.
 * The one place that decides liveness: a shared store (PostgreSQL) will replace the pid check with leases.
 */
export function isOwnerGone(
  record: Pick<OutboxRecord, 'owner' | 'updatedAt'>,
  self: string,
  nowMs: number,
): boolean {
  if (record.owner === self) return false;
  const nonceAt = record.owner.lastIndexOf(':');
  const pidAt = record.owner.lastIndexOf(':', nonceAt - 1);
  const host = record.owner.slice(0, pidAt);
  const pid = Number(record.owner.slice(pidAt + 1, nonceAt));
  if (host !== hostname() || !Number.isInteger(pid) || pid <= 0) {
    return nowMs - Date.parse(record.updatedAt) > FOREIGN_OWNER_STALE_MS;
  }
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

export interface TakeoverContext {
  readonly store: Pick<OutboxRepository, 'unfinished' | 'update'>;
  readonly loop: Pick<DeliveryLoop, 'hold' | 'isHeld' | 'stopping'>;
  readonly owner: string;
  readonly now: () => number;
  readonly stats: Pick<OutboxStats, 'resumed'>;
  readonly log: Logger;
  /** Notes a dedupe key as recorded (see the outbox's known keys). */
  readonly remember: (dedupeKey: string) => void;
}

/**
 * Takes over the unfinished records of processes that have gone (and our own that we lost hold of) and
 * hands them to the delivery loop. Taking over is a compare-and-set on the record, so of two processes
 * sweeping at once only one gets it.
 */
export async function takeOverUnfinished(ctx: TakeoverContext): Promise<void> {
  const { store, loop, owner, log } = ctx;
  for (const record of await store.unfinished()) {
    if (loop.isHeld(record.dedupeKey) || loop.stopping) continue;
    const ours = record.owner === owner;
    // Our own `sending` record not held means its `sent` write failed: sending it again would duplicate.
    if (ours ? record.state !== 'pending' : !isOwnerGone(record, owner, ctx.now())) continue;
    const taken = ours ? record : await store.update(record, { owner }, new Date(ctx.now()));
    if (!taken) continue;
    ctx.remember(taken.dedupeKey);
    if (!ours) {
      ctx.stats.resumed += 1;
      if (taken.state === 'sending')
        log.warn({ reason: taken.reason }, 'resending a message whose delivery was interrupted');
    }
    loop.hold(taken);
  }
}
