import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Telegram, TelegramError } from 'telegraf';
import type { Notification, Notifier } from '../domain/notifier.js';
import { SendRateLimiter } from '../domain/send-rate-limiter.js';
import { type Logger, redactSecrets } from '../log.js';
import type { OutboxRecord, OutboxStore } from '../storage/outbox-store.js';
import { isBlockedError } from './telegram-errors.js';

/** The answer to one send, failures already sorted by what to do about them. */
export type SendResult =
  | { readonly ok: true; readonly messageId: number }
  | {
      readonly ok: false;
      readonly kind: 'rate_limited';
      readonly retryAfterMs: number;
      readonly error: string;
    }
  /** 403: the user blocked the bot or is gone; never retried. */
  | { readonly ok: false; readonly kind: 'blocked'; readonly error: string }
  /** The same request would get the same answer (400: chat not found, bad HTML); never retried. */
  | { readonly ok: false; readonly kind: 'permanent'; readonly error: string }
  /** Network trouble or a server error: retried with backoff. */
  | { readonly ok: false; readonly kind: 'transient'; readonly error: string };

/** Sends one HTML message; never throws. */
export type SendMessage = (chatId: number, html: string) => Promise<SendResult>;

/** Sends through telegraf's Bot API client (the bot's `bot.telegram`, or one made for the CLI). */
export function telegramSender(telegram: Pick<Telegram, 'sendMessage'>): SendMessage {
  return async (chatId, html) => {
    try {
      const message = await telegram.sendMessage(chatId, html, { parse_mode: 'HTML' });
      return { ok: true, messageId: message.message_id };
    } catch (error) {
      return classifySendError(error);
    }
  };
}

/** A sender with its own Bot API client, for a process without a bot (`nmle remind`). */
export function botApiSender(token: string, apiRoot: string): SendMessage {
  return telegramSender(new Telegram(token, { apiRoot }));
}

/** Room for an error in the record (see `OutboxRecordSchema.lastError`). */
const MAX_ERROR_CHARS = 300;

/** Sorts a failed send: 429 with its `retry_after`, 403 blocked, other 4xx permanent, the rest transient. */
export function classifySendError(error: unknown): Exclude<SendResult, { ok: true }> {
  if (!(error instanceof TelegramError)) {
    const message = redactSecrets(String((error as Error)?.message ?? error)).slice(0, MAX_ERROR_CHARS);
    return { ok: false, kind: 'transient', error: message };
  }
  const text = `${error.code}: ${error.description}`.slice(0, MAX_ERROR_CHARS);
  if (error.code === 429) {
    // https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this
    const seconds = error.parameters?.retry_after ?? 1;
    return { ok: false, kind: 'rate_limited', retryAfterMs: seconds * 1000, error: text };
  }
  if (isBlockedError(error)) return { ok: false, kind: 'blocked', error: text };
  if (error.code >= 400 && error.code < 500) return { ok: false, kind: 'permanent', error: text };
  return { ok: false, kind: 'transient', error: text };
}

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

/** Cancels a timer; harmless once it has fired or been cancelled. */
export type CancelTimer = () => void;

/**
 * Calls `callback` once after `delayMs`, or every `delayMs` with `repeat`; returns its cancel. An `unref` timer
 * does not keep the process alive.
 */
export type SetTimer = (
  callback: () => void,
  delayMs: number,
  options?: { readonly repeat?: boolean; readonly unref?: boolean },
) => CancelTimer;

/** `SetTimer` on Node's timers. */
export const systemTimer: SetTimer = (callback, delayMs, { repeat = false, unref = false } = {}) => {
  const timer = repeat ? setInterval(callback, delayMs) : setTimeout(callback, delayMs);
  if (unref) timer.unref();
  return () => (repeat ? clearInterval(timer) : clearTimeout(timer));
};

export interface OutboxOptions {
  readonly store: OutboxStore;
  readonly send: SendMessage;
  /** The applicant blocked the bot (403): mark them inactive. Errors are logged, not retried. */
  readonly onBlocked: (userId: number) => Promise<void>;
  readonly log: Logger;
  readonly limits?: Partial<OutboxLimits>;
  /** Real time in ms, for pacing and the records' times; tests may inject one. Default `Date.now`. */
  readonly now?: () => number;
  /**
   * Schedules every wait of the delivery loop (pacing, backoff, 429 pauses, sweeps); tests inject one that
   * moves with their `now`. Default `systemTimer`.
   */
  readonly setTimer?: SetTimer;
  /** How often to look for records left by a process that has gone; 0: only at start. Default 5 min. */
  readonly sweepIntervalMs?: number;
  /** This instance's owner id, `host:pid:nonce`; defaults to a fresh one. */
  readonly owner?: string;
}

export interface OutboxStats {
  sent: number;
  failed: number;
  blocked: number;
  /** 429 answers received. */
  rateLimited: number;
  /** Retries after transient failures. */
  retried: number;
  /** Records taken over from a process that had gone (sent again if it was mid-send). */
  resumed: number;
}

/** The outbox: the `Notifier` of the bot and of `nmle remind`, with its delivery loop. */
export interface Outbox extends Notifier {
  /** As `notify`, saying whether it was recorded or ignored as a `duplicate` of a key recorded before. */
  record(notification: Notification): Promise<'recorded' | 'duplicate'>;
  /** Takes over unfinished records whose process has gone, then delivers. Notifications wait until then. */
  start(): Promise<void>;
  /** Resolves when everything this outbox holds is delivered, given up or blocked. */
  whenIdle(): Promise<void>;
  /** Stops sending: waits for sends in flight and their records; what is left stays pending in the store. */
  stop(): Promise<void>;
  readonly owner: string;
  readonly stats: Readonly<OutboxStats>;
}

/** A foreign host's pid cannot be checked; its records are taken over once untouched this long. */
const FOREIGN_OWNER_STALE_MS = 60 * 60_000;

/** Dedupe keys known to be recorded, kept to spare the store a write per repeated notify. */
const KNOWN_KEYS_MAX = 200_000;

interface Held {
  record: OutboxRecord;
  /** Not before this time (ms): the backoff after a transient failure. */
  notBefore: number;
}

interface ChatLane {
  readonly chatId: number;
  readonly queue: Held[];
  phase: 'idle' | 'ready' | 'busy' | 'waiting';
  /** The chat's next send may start at this time (ms). */
  coolUntil: number;
  cancelTimer?: CancelTimer;
}

/**
 * Creates the outbox. Every notification is written to the store (`pending`) before `notify` resolves and
 * before any send; a dedupe key recorded once is never recorded again, and the record is kept after
 * delivery as that marker. Delivery is paced overall (`messagesPerSecond` in any second, spread evenly, see
 * `SendRateLimiter`) and per chat (`perChatIntervalMs`, one send per chat at a time, in order); a 429 pauses
 * everything for its `retry_after`; a 403 marks the record `blocked`, drops the chat's queued ones and calls
 * `onBlocked`; a 400 fails at once; other failures are retried with exponential backoff up to `maxAttempts`.
 *
 * Exactly-once is not possible over the Bot API (sendMessage has no idempotency key), so each send is
 * bracketed by two writes: `sending` (attempts + 1) right before, `sent` right after the answer. A crash
 * between the two — about a millisecond after Telegram answered, plus the request itself — leaves
 * `sending`, which the next start sends again: at most one duplicate, never a loss.
 */
export function createOutbox(options: OutboxOptions): Outbox {
  const { store, send, log } = options;
  const limits: OutboxLimits = { ...DEFAULT_OUTBOX_LIMITS, ...options.limits };
  const nowMs = options.now ?? Date.now;
  const setTimer = options.setTimer ?? systemTimer;
  const owner = options.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const limiter = new SendRateLimiter(limits.messagesPerSecond, 1000);
  const stats: OutboxStats = { sent: 0, failed: 0, blocked: 0, rateLimited: 0, retried: 0, resumed: 0 };

  const lanes = new Map<number, ChatLane>();
  const ready: ChatLane[] = [];
  let readyHead = 0;
  const heldKeys = new Set<string>();
  const knownKeys = new Set<string>();
  const inFlight = new Set<Promise<void>>();
  const idleWaiters: (() => void)[] = [];
  let pausedUntil = 0;
  let started = false;
  let stopping = false;
  let cancelPump: CancelTimer | undefined;
  let cancelSweep: CancelTimer | undefined;
  let sweeping: Promise<void> | undefined;

  const remember = (key: string) => {
    knownKeys.add(key);
    if (knownKeys.size > KNOWN_KEYS_MAX) knownKeys.delete(knownKeys.values().next().value as string);
  };

  const makeReady = (lane: ChatLane) => {
    lane.cancelTimer = undefined;
    lane.phase = 'ready';
    ready.push(lane);
  };

  /**
   * Puts a lane that is not sending on its way: ready now, waiting for its interval (and its head's
   * backoff), or idle — kept until its interval is over, so a notification arriving meanwhile still waits.
   */
  const wake = (lane: ChatLane) => {
    lane.cancelTimer?.();
    lane.cancelTimer = undefined;
    const head = lane.queue[0];
    const now = nowMs();
    if (!head) {
      lane.phase = 'idle';
      if (now >= lane.coolUntil) lanes.delete(lane.chatId);
      else {
        lane.cancelTimer = setTimer(
          () => {
            lane.cancelTimer = undefined;
            if (lane.phase === 'idle') lanes.delete(lane.chatId);
          },
          lane.coolUntil - now,
          { unref: true },
        );
      }
      return;
    }
    const waitMs = Math.max(lane.coolUntil, head.notBefore) - now;
    if (waitMs <= 0) {
      makeReady(lane);
      return;
    }
    lane.phase = 'waiting';
    lane.cancelTimer = setTimer(() => {
      makeReady(lane);
      pump();
    }, waitMs);
  };

  const hold = (record: OutboxRecord) => {
    // After stop a record stays pending in the store, for the next start to take over.
    if (stopping || heldKeys.has(record.dedupeKey)) return;
    heldKeys.add(record.dedupeKey);
    let lane = lanes.get(record.chatId);
    if (!lane) {
      lane = { chatId: record.chatId, queue: [], phase: 'idle', coolUntil: 0 };
      lanes.set(record.chatId, lane);
    }
    lane.queue.push({ record, notBefore: 0 });
    if (lane.phase === 'idle') wake(lane);
    pump();
  };

  /** Drops the records of one applicant that wait in memory (their data is being deleted). */
  const forgetQueued = (userId: number) => {
    for (const lane of lanes.values()) {
      for (const held of lane.queue)
        if (held.record.userId === userId) heldKeys.delete(held.record.dedupeKey);
      const keep = lane.queue.filter((held) => held.record.userId !== userId);
      lane.queue.splice(0, lane.queue.length, ...keep);
    }
    checkIdle();
  };

  const checkIdle = () => {
    if (heldKeys.size === 0 && inFlight.size === 0) for (const resolve of idleWaiters.splice(0)) resolve();
  };

  const release = (key: string) => {
    heldKeys.delete(key);
    checkIdle();
  };

  const schedulePump = (delayMs: number) => {
    cancelPump?.();
    cancelPump = setTimer(() => {
      cancelPump = undefined;
      pump();
    }, delayMs);
  };

  function pump(): void {
    if (!started || stopping) return;
    while (inFlight.size < limits.maxInFlight && readyHead < ready.length) {
      const now = nowMs();
      const waitMs = pausedUntil > now ? pausedUntil - now : limiter.waitMs(now);
      if (waitMs > 0) {
        schedulePump(waitMs);
        return;
      }
      const lane = ready[readyHead++] as ChatLane;
      if (readyHead > 1024 && readyHead * 2 > ready.length) {
        ready.splice(0, readyHead);
        readyHead = 0;
      }
      if (lane.phase !== 'ready') continue;
      const held = lane.queue.shift();
      if (!held) {
        lane.phase = 'idle';
        continue;
      }
      limiter.take(now);
      lane.phase = 'busy';
      lane.coolUntil = now + limits.perChatIntervalMs;
      const delivery = deliver(lane, held)
        .catch((error: unknown) => {
          // One catch per delivery: a store outage leaves the record unfinished for the next start.
          log.error({ err: error, reason: held.record.reason }, 'outbox delivery failed');
          release(held.record.dedupeKey);
        })
        .finally(() => {
          inFlight.delete(delivery);
          if (!stopping) wake(lane);
          checkIdle();
          pump();
        });
      inFlight.add(delivery);
    }
  }

  const at = () => new Date(nowMs());

  async function deliver(lane: ChatLane, held: Held): Promise<void> {
    const claimed = await store.update(
      held.record,
      { state: 'sending', attempts: held.record.attempts + 1, owner },
      at(),
    );
    if (!claimed) {
      log.warn({ reason: held.record.reason }, 'outbox record changed under us; another process has it');
      release(held.record.dedupeKey);
      return;
    }
    const result = await send(claimed.chatId, claimed.html);
    if (result.ok) {
      await store.update(
        claimed,
        { state: 'sent', sentAt: at().toISOString(), messageId: result.messageId, lastError: undefined },
        at(),
      );
      stats.sent += 1;
      release(claimed.dedupeKey);
      return;
    }
    switch (result.kind) {
      case 'rate_limited': {
        stats.rateLimited += 1;
        pausedUntil = Math.max(pausedUntil, nowMs() + result.retryAfterMs);
        log.warn({ retryAfterMs: result.retryAfterMs }, 'Telegram asked to slow down: pausing the outbox');
        const back = await store.update(
          claimed,
          { state: 'pending', attempts: claimed.attempts - 1, lastError: result.error },
          at(),
        );
        if (back) lane.queue.unshift({ record: back, notBefore: 0 });
        else release(claimed.dedupeKey);
        return;
      }
      case 'blocked': {
        stats.blocked += 1;
        await store.update(claimed, { state: 'blocked', lastError: result.error }, at());
        release(claimed.dedupeKey);
        for (const other of lane.queue.splice(0)) {
          await store.update(
            other.record,
            { state: 'blocked', lastError: 'not sent: the user blocked the bot' },
            at(),
          );
          stats.blocked += 1;
          release(other.record.dedupeKey);
        }
        log.info({ reason: claimed.reason }, 'applicant blocked the bot: marking them inactive');
        await options.onBlocked(claimed.userId).catch((error: unknown) => {
          log.error({ err: error }, 'could not mark the applicant inactive');
        });
        return;
      }
      case 'permanent':
      case 'transient': {
        if (result.kind === 'permanent' || claimed.attempts >= limits.maxAttempts) {
          stats.failed += 1;
          await store.update(claimed, { state: 'failed', lastError: result.error }, at());
          log.warn(
            { reason: claimed.reason, attempts: claimed.attempts, error: result.error },
            'outbox gave up on a message',
          );
          release(claimed.dedupeKey);
          return;
        }
        stats.retried += 1;
        const back = await store.update(claimed, { state: 'pending', lastError: result.error }, at());
        const delayMs = Math.min(limits.backoffMaxMs, limits.backoffBaseMs * 2 ** (claimed.attempts - 1));
        if (back) lane.queue.unshift({ record: back, notBefore: nowMs() + delayMs });
        else release(claimed.dedupeKey);
        return;
      }
    }
  }

  /** Takes over the unfinished records of processes that have gone (and our own that we lost hold of). */
  const sweep = async () => {
    for (const record of await store.unfinished()) {
      if (heldKeys.has(record.dedupeKey) || stopping) continue;
      const ours = record.owner === owner;
      // Our own `sending` record not held means its `sent` write failed: sending it again would duplicate.
      if (ours ? record.state !== 'pending' : !isOwnerGone(record, owner, nowMs())) continue;
      const taken = ours ? record : await store.update(record, { owner }, at());
      if (!taken) continue;
      remember(taken.dedupeKey);
      if (!ours) {
        stats.resumed += 1;
        if (taken.state === 'sending')
          log.warn({ reason: taken.reason }, 'resending a message whose delivery was interrupted');
      }
      hold(taken);
    }
  };
  const runSweep = () => {
    sweeping ??= sweep()
      .catch((error: unknown) => log.error({ err: error }, 'outbox sweep failed'))
      .finally(() => {
        sweeping = undefined;
      });
    return sweeping;
  };

  const record = async (notification: Notification): Promise<'recorded' | 'duplicate'> => {
    if (knownKeys.has(notification.dedupeKey)) return 'duplicate';
    const [added] = await store.add([notification], owner, at());
    remember(notification.dedupeKey);
    if (!added) return 'duplicate';
    hold(added);
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
      forgetQueued(userId);
    },
    async start() {
      if (started) return;
      started = true;
      await runSweep();
      const every = options.sweepIntervalMs ?? 5 * 60_000;
      if (every > 0 && !stopping) {
        cancelSweep = setTimer(() => void runSweep(), every, { repeat: true, unref: true });
      }
      pump();
    },
    whenIdle() {
      if (heldKeys.size === 0 && inFlight.size === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
    async stop() {
      stopping = true;
      cancelPump?.();
      cancelSweep?.();
      for (const lane of lanes.values()) lane.cancelTimer?.();
      await sweeping;
      await Promise.all(inFlight);
    },
  };
}

/**
 * Whether the process that owns a record has gone, so that its record may be taken over. Owners are
 * `host:pid:nonce`: on this host, a pid that no longer runs (or is our own pid under another nonce: a
 * restarted container is pid 1 again) has gone; another host's is presumed gone once the record has been
 * untouched for an hour. SQLite in WAL mode needs every process on one host, so that case is rare.
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
