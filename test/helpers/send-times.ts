import type { Message } from '../../src/emulator/bot-api-types.js';
import type { SimulatedUser } from '../../src/emulator/simulated-user.js';

/**
 * An emulator clock whose "seconds" are milliseconds: a message's `date` then says when the emulator
 * recorded it to the millisecond, which is what counting sends per second needs. The bot reads no dates.
 */
export const millisecondDates = (): number => Date.now() * 1000;

/** Each message the bot sent to these users, with the millisecond it arrived (see `millisecondDates`). */
export function sendTimes(
  users: readonly SimulatedUser[],
): { chatId: number; atMs: number; message: Message }[] {
  return users
    .flatMap((user) =>
      user.messages().map((message) => ({ chatId: user.chatId, atMs: message.date, message })),
    )
    .sort((a, b) => a.atMs - b.atMs);
}

/** The most sends within any `windowMs` (a sliding window over the arrival times). */
export function maxInWindow(timesMs: readonly number[], windowMs: number): number {
  const sorted = [...timesMs].sort((a, b) => a - b);
  let most = 0;
  let first = 0;
  for (let last = 0; last < sorted.length; last++) {
    while ((sorted[last] as number) - (sorted[first] as number) >= windowMs) first++;
    most = Math.max(most, last - first + 1);
  }
  return most;
}
