import type { PictureJob, PictureJobHandler, WorkQueue } from '../app/ports/work-queue.js';

/** The in-process WorkQueue, and how many jobs it holds. */
export interface InProcessWorkQueue extends WorkQueue {
  /** Jobs queued or running. */
  readonly pending: number;
  /** Resolves when the jobs of this chat queued so far have finished. */
  settled(chatId: number): Promise<void>;
}

/**
 * The embedded WorkQueue: jobs held in this process's memory. telegraf fetches the next batch of updates
 * only when every handler of the batch is done, so a 100 ms photo check inside a handler would stall every
 * other chat. Handlers acknowledge at once and queue the work here: one chat's jobs run in order (so its
 * pictures are counted in the order sent), different chats' jobs run side by side, and `drain` lets a clean
 * stop finish them. Each job has one attempt (a retry would only repeat the same failure at once); one that
 * throws is handed to `onError` and the chat's next job runs. What is queued when the process dies is lost
 * (at-most-once); the shared set's queue is the one that survives a crash.
 */
export function createInProcessWorkQueue(onError: (error: unknown) => void): InProcessWorkQueue {
  const tails = new Map<number, Promise<void>>();
  let handler: PictureJobHandler | undefined;
  let pending = 0;
  let idle: (() => void)[] = [];
  const run = (job: PictureJob) => {
    if (!handler) throw new Error('a picture job was queued before its handler was set');
    return handler(job, { finalAttempt: true });
  };
  return {
    push(job) {
      const { chatId } = job;
      pending += 1;
      const done = (tails.get(chatId) ?? Promise.resolve())
        .then(() => run(job))
        .catch(onError)
        .finally(() => {
          pending -= 1;
          if (tails.get(chatId) === done) tails.delete(chatId);
          if (pending === 0) {
            for (const resolve of idle) resolve();
            idle = [];
          }
        });
      tails.set(chatId, done);
      return Promise.resolve();
    },
    process(next) {
      handler = next;
    },
    settled(chatId) {
      return tails.get(chatId) ?? Promise.resolve();
    },
    drain() {
      return pending === 0 ? Promise.resolve() : new Promise((resolve) => idle.push(resolve));
    },
    get pending() {
      return pending;
    },
  };
}
