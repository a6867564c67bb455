import type { OutboxLeases } from '../app/ports/outbox-leases.js';
import type { OutboxRepository } from '../app/ports/outbox-repository.js';
import type { SendPacer } from '../app/ports/send-pacer.js';
import type { SendMessage } from '../app/ports/sender.js';
import type { Notification, Notifier } from '../domain/notifier.js';
import type { Logger } from '../log.js';
import { type DeliveryContext, deliverRecord } from './deliver-record.js';
import { createDeliveryLoop } from './delivery-loop.js';
import { DEFAULT_OUTBOX_LIMITS, type OutboxLimits } from './outbox-limits.js';
import { createOutboxStats, type OutboxStats } from './outbox-stats.js';
import { createInProcessPacer } from './pacing.js';
import { type CancelTimer, type SetTimer, systemTimer } from './set-timer.js';
import { createOwnerId, createProcessLeases, takeOverUnfinished } from './takeover.js';

export interface OutboxOptions {
  readonly store: OutboxRepository;
  /** Sends one message (the Sender port, e.g. `telegramSender` of src/telegram/). */
  readonly send: SendMessage;
  /** The applicant blocked the bot (403): mark them inactive. Errors are logged, not retried. */
  readonly onBlocked: (userId: number) => Promise<void>;
  readonly log: Logger;
  readonly limits?: Partial<OutboxLimits>;
  /**
   * Grants each send: the store's shared pacer when instances share the store (StoreAdapters.sendPacer).
   * Default: this process's own, from `limits`.
   */
  readonly pacer?: SendPacer;
  /**
   * Says which owners have gone, so that their records are taken over: leases in a shared store
   * (StoreAdapters.outboxLeases). Default: the pid check of one host.
   */
  readonly leases?: OutboxLeases;
  /** Real time in ms, for pacing and the records' times; tests may inject one. Default `Date.now`. */
  readonly now?: () => number;
  /**
   * Schedules every wait of the delivery loop (pacing, backoff, 429 pauses, sweeps); tests inject one that
   * moves with their `now`. Default `systemTimer`.
   */
  readonly setTimer?: SetTimer;
  /** How often to look for records left by a process that has gone; 0: only at start. Default: the leases'. */
  readonly sweepIntervalMs?: number;
  /** This instance's owner id, `host:pid:nonce`; defaults to a fresh one. */
  readonly owner?: string;
}

/** The outbox: the `Notifier` of the bot and of `nmle remind`, with its delivery loop. */
export interface Outbox extends Notifier {
  /** As `notify`, saying whether it was recorded or ignored as a `duplicate` of a key recorded before. */
  record(notification: Notification): Promise<'recorded' | 'duplicate'>;
  /** Takes over unfinished records whose process has gone, then delivers. Notifications wait until then. */
  start(): Promise<void>;
  /** Resolves when everything this outbox holds is delivered, given up or blocked. */
  whenIdle(): Promise<void>;
  /**
   * Stops sending: waits for sends in flight and their records, then gives the lease up; what is left stays
   * pending in the store, for another instance (or the next start) to take over.
   */
  stop(): Promise<void>;
  readonly owner: string;
  readonly stats: Readonly<OutboxStats>;
}

/** Dedupe keys known to be recorded, kept to spare the store a write per repeated notify. */
const KNOWN_KEYS_MAX = 200_000;

/**
 * Creates the outbox. Every notification is written to the store (`pending`) before `notify` resolves and
 * before any send; a dedupe key recorded once is never recorded again, and the record is kept after
 * delivery as that marker. Each send is granted by the `pacer` (overall `messagesPerSecond`, spread evenly;
 * one per chat every `perChatIntervalMs`; nothing while a 429's `retry_after` lasts), which instances
 * sharing a store share; within this outbox one send per chat at a time, in order. A 403 marks the record
 * `blocked`, drops the chat's queued ones and calls `onBlocked`; a 400 fails at once; other failures are
 * retried with exponential backoff up to `maxAttempts`.
 *
 * Exactly-once is not possible over the Bot API (sendMessage has no idempotency key), so each send is
 * bracketed by two writes: `sending` (attempts + 1) right before, `sent` right after the answer. A crash
 * between the two — about a millisecond after Telegram answered, plus the request itself — leaves
 * `sending`, which is sent again (by the next start, or by another instance once the dead one's lease has
 * run out, see `leases`): at most one duplicate, never a loss.
 */
export function createOutbox(options: OutboxOptions): Outbox {
  const { store, log } = options;
  const limits: OutboxLimits = { ...DEFAULT_OUTBOX_LIMITS, ...options.limits };
  const now = options.now ?? Date.now;
  const setTimer = options.setTimer ?? systemTimer;
  const owner = options.owner ?? createOwnerId();
  const pacer = options.pacer ?? createInProcessPacer(limits);
  const leases = options.leases ?? createProcessLeases();
  const stats = createOutboxStats();

  const delivery: DeliveryContext = {
    store,
    send: options.send,
    onBlocked: options.onBlocked,
    log,
    limits,
    owner,
    now,
    pacer,
    stats,
    release: (dedupeKey) => loop.release(dedupeKey),
  };
  const loop = createDeliveryLoop({
    limits,
    pacer,
    log,
    now,
    setTimer,
    deliver: (queue, held) => deliverRecord(delivery, queue, held),
  });

  const knownKeys = new Set<string>();
  const remember = (key: string) => {
    knownKeys.add(key);
    if (knownKeys.size > KNOWN_KEYS_MAX) knownKeys.delete(knownKeys.values().next().value as string);
  };

  // The lease is taken before this owner's first record is written: another instance sweeping meanwhile
  // would otherwise see a record without a live owner, and take it.
  let leased: Promise<void> | undefined;
  const lease = () => {
    leased ??= leases.renew(owner, new Date(now())).catch((error: unknown) => {
      leased = undefined;
      throw error;
    });
    return leased;
  };
  let cancelHeartbeat: CancelTimer | undefined;
  const heartbeat = () =>
    void leases.renew(owner, new Date(now())).catch((error: unknown) => {
      log.error(
        { err: error },
        'could not renew the outbox lease; other instances may take its records over',
      );
    });

  let cancelSweep: CancelTimer | undefined;
  let sweeping: Promise<void> | undefined;
  const runSweep = () => {
    sweeping ??= takeOverUnfinished({ store, leases, loop, owner, now, stats, log, remember })
      .catch((error: unknown) => log.error({ err: error }, 'outbox sweep failed'))
      .finally(() => {
        sweeping = undefined;
      });
    return sweeping;
  };

  const record = async (notification: Notification): Promise<'recorded' | 'duplicate'> => {
    if (knownKeys.has(notification.dedupeKey)) return 'duplicate';
    await lease();
    const [added] = await store.add([notification], owner, new Date(now()));
    remember(notification.dedupeKey);
    if (!added) return 'duplicate';
    loop.hold(added);
    return 'recorded';
  };

  return {
    owner,
    stats,
    record,
    async notify(notification) {
      await record(notification);
    },
    async forget(userId) {
      // Records still queued in memory for this applicant are dropped too, so nothing is sent after deletion.
      await store.forget(userId);
      loop.forgetQueued(userId);
    },
    async start() {
      if (loop.started) return;
      loop.start();
      await lease();
      if (leases.renewEveryMs > 0 && !loop.stopping)
        cancelHeartbeat = setTimer(heartbeat, leases.renewEveryMs, { repeat: true, unref: true });
      await runSweep();
      const every = options.sweepIntervalMs ?? leases.sweepEveryMs;
      if (every > 0 && !loop.stopping) {
        cancelSweep = setTimer(() => void runSweep(), every, { repeat: true, unref: true });
      }
      loop.pump();
    },
    whenIdle: () => loop.whenIdle(),
    async stop() {
      loop.halt();
      cancelSweep?.();
      await sweeping;
      await loop.drain();
      // What is left pending is taken over by the other instances at their next sweep.
      cancelHeartbeat?.();
      await leases.release(owner).catch((error: unknown) => {
        log.warn({ err: error }, 'could not give the outbox lease up; it runs out on its own');
      });
    },
  };
}
