import { SendRateLimiter } from '../domain/send-rate-limiter.js';

/**
 * The overall pace of the outbox: at most `messagesPerSecond` sends in any second, spread evenly (see
 * `SendRateLimiter`), and no send at all while a 429 pause lasts. Per-chat pacing belongs to the chat lanes
 * of the delivery loop. Time is passed in.
 */
export interface Pacing {
  /** Milliseconds to wait from `nowMs` until the next send may start; 0 when it may start now. */
  waitMs(nowMs: number): number;
  /** Records a send starting at `nowMs`; call only when `waitMs(nowMs)` is 0. */
  take(nowMs: number): void;
  /** Holds every send until `untilMs` (Telegram's `retry_after`); a shorter pause never cuts a longer one. */
  pauseUntil(untilMs: number): void;
}

export function createPacing(messagesPerSecond: number): Pacing {
  const limiter = new SendRateLimiter(messagesPerSecond, 1000);
  let pausedUntil = 0;
  return {
    waitMs: (nowMs) => (pausedUntil > nowMs ? pausedUntil - nowMs : limiter.waitMs(nowMs)),
    take: (nowMs) => limiter.take(nowMs),
    pauseUntil(untilMs) {
      pausedUntil = Math.max(pausedUntil, untilMs);
    },
  };
}
