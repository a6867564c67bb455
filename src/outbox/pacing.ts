import type { PaceAnswer, SendPacer } from '../app/ports/send-pacer.js';
import { SendRateLimiter } from '../domain/send-rate-limiter.js';
import type { OutboxLimits } from './outbox-limits.js';

/** Chats paced are forgotten once their second is over; this many at most before a sweep of them. */
const CHATS_BEFORE_SWEEP = 10_000;

/**
 * The pace of one process (the embedded set): at most `messagesPerSecond` sends in any second, spread
 * evenly (see `SendRateLimiter`), one per chat every `perChatIntervalMs`, and none while a 429 pause lasts.
 * Answers at once; a pause applies before `pause` returns, so no send starts meanwhile.
 */
export function createInProcessPacer(
  limits: Pick<OutboxLimits, 'messagesPerSecond' | 'perChatIntervalMs'>,
): SendPacer {
  const limiter = new SendRateLimiter(limits.messagesPerSecond, 1000);
  const chatNextMs = new Map<number, number>();
  let pausedUntil = 0;
  const answer = (chatId: number, nowMs: number): PaceAnswer => {
    if (pausedUntil > nowMs) return { granted: false, waitMs: pausedUntil - nowMs, scope: 'all' };
    const overall = limiter.waitMs(nowMs);
    if (overall > 0) return { granted: false, waitMs: overall, scope: 'all' };
    const chatNext = chatNextMs.get(chatId) ?? 0;
    if (chatNext > nowMs) return { granted: false, waitMs: chatNext - nowMs, scope: 'chat' };
    limiter.take(nowMs);
    if (chatNextMs.size >= CHATS_BEFORE_SWEEP)
      for (const [chat, next] of chatNextMs) if (next <= nowMs) chatNextMs.delete(chat);
    chatNextMs.set(chatId, nowMs + limits.perChatIntervalMs);
    return { granted: true };
  };
  return {
    take: (chatId, nowMs) => Promise.resolve(answer(chatId, nowMs)),
    pause(retryAfterMs, nowMs) {
      pausedUntil = Math.max(pausedUntil, nowMs + retryAfterMs);
      return Promise.resolve();
    },
  };
}
