import type { OutboxRecord } from '../app/ports/outbox-repository.js';
import type { SendPacer } from '../app/ports/send-pacer.js';
import type { Logger } from '../log.js';
import type { Held } from './deliver-record.js';
import type { OutboxLimits } from './outbox-limits.js';
import type { CancelTimer, SetTimer } from './set-timer.js';

/** One chat's records, sent one at a time, in order, `perChatIntervalMs` apart. */
interface ChatLane {
  readonly chatId: number;
  readonly queue: Held[];
  phase: 'idle' | 'ready' | 'busy' | 'waiting';
  /** The chat's next send may start at this time (ms). */
  coolUntil: number;
  cancelTimer?: CancelTimer;
}

export interface DeliveryLoopOptions {
  readonly limits: Pick<OutboxLimits, 'perChatIntervalMs' | 'maxInFlight'>;
  /** Asked before each send; shared by every instance on a shared store. */
  readonly pacer: Pick<SendPacer, 'take'>;
  readonly log: Logger;
  readonly now: () => number;
  readonly setTimer: SetTimer;
  /**
   * Delivers the head record, taken off its chat's `queue`; may put records back at the head of `queue` or
   * take them off, and calls `release` for each it is done with. A rejection is logged and releases the head.
   */
  readonly deliver: (queue: Held[], held: Held) => Promise<void>;
}

/** The records an outbox holds in memory, and the loop that hands them to `deliver` at the allowed pace. */
export interface DeliveryLoop {
  /** Queues a record for its chat, unless it is held already or the loop is stopping. */
  hold(record: OutboxRecord): void;
  isHeld(dedupeKey: string): boolean;
  /** The record is done with: it leaves memory (see `DeliveryLoopOptions.deliver`). */
  release(dedupeKey: string): void;
  /** Drops the records of one applicant that wait in memory (their data is being deleted). */
  forgetQueued(userId: number): void;
  /** Lets sends begin; the first starts at the next `hold` or `pump`. */
  start(): void;
  readonly started: boolean;
  readonly stopping: boolean;
  /** Starts what the limits allow now, and sets a timer for the rest. */
  pump(): void;
  /** Resolves when nothing is held and no send is in flight. */
  whenIdle(): Promise<void>;
  /** Starts nothing more and cancels every timer; what is queued stays unfinished in the store. */
  halt(): void;
  /** Resolves when the sends in flight have their answers recorded. */
  drain(): Promise<void>;
}

/**
 * Creates the delivery loop. Each send is granted by `pacer` (overall pace, 429 pauses, and one a second per
 * chat across instances); within this process, per chat, one send at a time, in order, `perChatIntervalMs`
 * apart (and after the head's backoff); at most `maxInFlight` sends at once.
 */
export function createDeliveryLoop(options: DeliveryLoopOptions): DeliveryLoop {
  const { limits, pacer, log, setTimer } = options;
  const nowMs = options.now;
  const lanes = new Map<number, ChatLane>();
  const ready: ChatLane[] = [];
  let readyHead = 0;
  const heldKeys = new Set<string>();
  const inFlight = new Set<Promise<void>>();
  const idleWaiters: (() => void)[] = [];
  let started = false;
  let stopping = false;
  let cancelPump: CancelTimer | undefined;
  /** One pass hands out sends at a time: the pacer is asked in turn, never twice for one lane. */
  let pumping = false;
  let pumpAgain = false;

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

  /** Starts sends while the pacer grants them; returns when none is ready, all slots are busy or it must wait. */
  async function pumpPass(): Promise<void> {
    while (!stopping && inFlight.size < limits.maxInFlight) {
      while (readyHead < ready.length && (ready[readyHead] as ChatLane).phase !== 'ready') readyHead++;
      const lane = ready[readyHead];
      if (!lane) return;
      const now = nowMs();
      const answer = await pacer.take(lane.chatId, now);
      if (stopping) return;
      if (!answer.granted && answer.scope === 'all') {
        schedulePump(answer.waitMs);
        return;
      }
      // The lane leaves the ready list: it sends now, or (another instance sent to the chat) waits.
      readyHead++;
      if (readyHead > 1024 && readyHead * 2 > ready.length) {
        ready.splice(0, readyHead);
        readyHead = 0;
      }
      if (!answer.granted) {
        lane.coolUntil = Math.max(lane.coolUntil, now + answer.waitMs);
        wake(lane);
        continue;
      }
      const held = lane.queue.shift();
      if (!held) {
        // Forgotten while the pacer was asked: the grant goes unused.
        wake(lane);
        continue;
      }
      lane.phase = 'busy';
      lane.coolUntil = now + limits.perChatIntervalMs;
      const delivery = options
        .deliver(lane.queue, held)
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

  function pump(): void {
    if (!started || stopping) return;
    if (pumping) {
      pumpAgain = true;
      return;
    }
    pumping = true;
    pumpAgain = false;
    pumpPass()
      .catch((error: unknown) => {
        // The pacer's store is unreachable: nothing is sent until it answers again.
        log.error({ err: error }, 'the outbox could not ask the send pacer; trying again in a second');
        schedulePump(1000);
      })
      .finally(() => {
        pumping = false;
        if (pumpAgain) pump();
      });
  }

  return {
    hold,
    isHeld: (dedupeKey) => heldKeys.has(dedupeKey),
    release,
    forgetQueued(userId) {
      for (const lane of lanes.values()) {
        for (const held of lane.queue)
          if (held.record.userId === userId) heldKeys.delete(held.record.dedupeKey);
        const keep = lane.queue.filter((held) => held.record.userId !== userId);
        lane.queue.splice(0, lane.queue.length, ...keep);
      }
      checkIdle();
    },
    start() {
      started = true;
    },
    get started() {
      return started;
    },
    get stopping() {
      return stopping;
    },
    pump,
    whenIdle() {
      if (heldKeys.size === 0 && inFlight.size === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
    halt() {
      stopping = true;
      cancelPump?.();
      for (const lane of lanes.values()) lane.cancelTimer?.();
    },
    async drain() {
      await Promise.all(inFlight);
    },
  };
}
