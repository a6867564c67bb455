import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { OutboxLeases } from '../app/ports/outbox-leases.js';
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
 * The embedded set's liveness (see `createProcessLeases`); the shared set uses leases in the database.
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

/**
 * The embedded set's `OutboxLeases`: one host, so the operating system says whether an owner's process
 * runs; nothing to renew. Records are looked for every 5 minutes (a process that has gone is taken over
 * at the next start anyway).
 */
export function createProcessLeases(): OutboxLeases {
  return {
    renewEveryMs: 0,
    sweepEveryMs: 5 * 60_000,
    renew: () => Promise.resolve(),
    release: () => Promise.resolve(),
    abandoned: (records, self, now) =>
      Promise.resolve(records.filter((record) => isOwnerGone(record, self, now.getTime()))),
  };
}

export interface TakeoverContext {
  readonly store: Pick<OutboxRepository, 'unfinished' | 'update'>;
  readonly leases: Pick<OutboxLeases, 'abandoned'>;
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
  const unheld = (await store.unfinished()).filter((record) => !loop.isHeld(record.dedupeKey));
  const others = unheld.filter((record) => record.owner !== owner);
  const gone = new Set(await ctx.leases.abandoned(others, owner, new Date(ctx.now())));
  for (const record of unheld) {
    if (loop.stopping) return;
    const ours = record.owner === owner;
    // Our own `sending` record not held means its `sent` write failed: sending it again would duplicate.
    if (ours ? record.state !== 'pending' : !gone.has(record)) continue;
    // Held meanwhile: recorded by this outbox while the leases were asked.
    if (loop.isHeld(record.dedupeKey)) continue;
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
