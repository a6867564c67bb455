/** Runs tasks with at most `concurrency` in flight and at most `maxQueued` waiting; the rest are turned away. */
export interface BoundedQueue {
  /** The task's result, or undefined at once when the queue is full (the task is then never run). */
  run<T>(task: () => Promise<T>): Promise<T | undefined>;
  readonly active: number;
  readonly queued: number;
}

/**
 * Reading is advisory: when pictures arrive faster than the reader keeps up, turning the surplus away is
 * better than a queue that grows without bound and findings that come minutes after the verdict.
 *
 * Throws RangeError unless both bounds are integers (concurrency ≥ 1, maxQueued ≥ 0).
 */
export function createBoundedQueue(concurrency: number, maxQueued: number): BoundedQueue {
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new RangeError(`concurrency must be a positive integer, got ${concurrency}`);
  if (!Number.isInteger(maxQueued) || maxQueued < 0)
    throw new RangeError(`maxQueued must be a non-negative integer, got ${maxQueued}`);
  const waiting: (() => void)[] = [];
  let active = 0;
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else active--;
  };
  return {
    async run<T>(task: () => Promise<T>): Promise<T | undefined> {
      if (active < concurrency) active++;
      else if (waiting.length >= maxQueued) return undefined;
      else await new Promise<void>((resolve) => waiting.push(resolve));
      try {
        return await task();
      } finally {
        release();
      }
    },
    get active() {
      return active;
    },
    get queued() {
      return waiting.length;
    },
  };
}
