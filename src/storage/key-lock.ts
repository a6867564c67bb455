/**
 * Serialises async work per key: work for one key runs one at a time, in arrival order; other keys run freely.
 * telegraf handles a getUpdates batch concurrently, so two updates of one applicant can race on one record.
 */
export function createKeyLock() {
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
    /** Keys with work queued or running (for tests and shutdown). */
    get size() {
      return tails.size;
    },
  };
}
