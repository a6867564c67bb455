/** Runs tasks with at most `concurrency` in flight; the rest wait in arrival order. */
export interface ConcurrencyLimit {
  <T>(task: () => Promise<T>): Promise<T>;
  /** Tasks running now. */
  readonly active: number;
  /** Tasks waiting for a slot. */
  readonly queued: number;
}

/**
 * A small semaphore. Photos are decoded inside the slot, so memory is bounded by `concurrency` decoded
 * pictures however many are queued: on the 2-core machines measured in shared/perf-notes.md, 50 photos in
 * parallel gained nothing over 4 and cost ~300 MB more.
 *
 * Throws RangeError unless `concurrency` is a positive integer.
 */
export function createConcurrencyLimit(concurrency: number): ConcurrencyLimit {
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new RangeError(`concurrency must be a positive integer, got ${concurrency}`);
  const waiting: (() => void)[] = [];
  let active = 0;

  const release = () => {
    active--;
    const next = waiting.shift();
    if (next) {
      active++;
      next();
    }
  };

  const limit = async <T>(task: () => Promise<T>): Promise<T> => {
    if (active < concurrency) active++;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await task();
    } finally {
      release();
    }
  };

  return Object.defineProperties(limit, {
    active: { get: () => active, enumerable: true },
    queued: { get: () => waiting.length, enumerable: true },
  }) as ConcurrencyLimit;
}
