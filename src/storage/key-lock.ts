import type { KeyLock } from '../app/ports/key-lock.js';

/** The in-process KeyLock, and how many keys it holds (for tests and shutdown). */
export interface InProcessKeyLock extends KeyLock {
  /** Keys with work queued or running. */
  readonly size: number;
}

/**
 * Serialises async work per key: work for one key runs one at a time, in arrival order; other keys run freely.
 * telegraf handles a getUpdates batch concurrently, so two updates of one applicant can race on one record.
 * Held in this process only: enough for the embedded set, where one process writes the store. Work that
 * throws rejects its own call and lets the next run.
 */
export function createKeyLock(): InProcessKeyLock {
  const tails = new Map<string, Promise<unknown>>();
  return {
    run<T>(key: string, work: () => Promise<T>): Promise<T> {
      const previous = tails.get(key) ?? Promise.resolve();
      const result = previous.then(work, work);
      const tail = result.catch(() => undefined);
      tails.set(key, tail);
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return result;
    },
    get size() {
      return tails.size;
    },
  };
}
