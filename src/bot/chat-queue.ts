/**
 * Work taken off the update path. telegraf fetches the next batch of updates only when every handler of the
 * batch is done, so a 100 ms photo check inside a handler would stall every other chat. Handlers acknowledge
 * at once and queue the work here: one chat's jobs run in order (so its pictures are counted in the order
 * sent), different chats' jobs run side by side, and `drain` lets a clean stop finish them.
 */
export interface ChatQueue {
  push(chatId: number, job: () => Promise<void>): void;
  /** Resolves when every queued job has finished. */
  drain(): Promise<void>;
  readonly pending: number;
}

export function createChatQueue(onError: (error: unknown) => void): ChatQueue {
  const tails = new Map<number, Promise<void>>();
  let pending = 0;
  let idle: (() => void)[] = [];
  return {
    push(chatId, job) {
      pending += 1;
      const run = (tails.get(chatId) ?? Promise.resolve())
        .then(job)
        .catch(onError)
        .finally(() => {
          pending -= 1;
          if (tails.get(chatId) === run) tails.delete(chatId);
          if (pending === 0) {
            for (const resolve of idle) resolve();
            idle = [];
          }
        });
      tails.set(chatId, run);
    },
    drain() {
      return pending === 0 ? Promise.resolve() : new Promise((resolve) => idle.push(resolve));
    },
    get pending() {
      return pending;
    },
  };
}
