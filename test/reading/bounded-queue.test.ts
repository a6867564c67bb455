import { describe, expect, it } from 'vitest';
import { createBoundedQueue } from '../../src/reading/bounded-queue.js';

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('the reader’s bounded queue', () => {
  it('runs one task at a time, queues up to its bound and turns the rest away at once', async () => {
    const queue = createBoundedQueue(1, 1);
    const first = deferred<string>();
    const running = queue.run(() => first.promise);
    const waiting = queue.run(async () => 'second');
    expect(await queue.run(async () => 'third')).toBeUndefined();
    expect({ active: queue.active, queued: queue.queued }).toEqual({ active: 1, queued: 1 });
    first.resolve('first');
    expect(await running).toBe('first');
    expect(await waiting).toBe('second');
    expect({ active: queue.active, queued: queue.queued }).toEqual({ active: 0, queued: 0 });
  });

  it('frees the slot when a task fails', async () => {
    const queue = createBoundedQueue(1, 0);
    await expect(queue.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await queue.run(async () => 'next')).toBe('next');
  });

  it('refuses bounds that are not whole numbers', () => {
    expect(() => createBoundedQueue(0, 1)).toThrow(RangeError);
    expect(() => createBoundedQueue(1, -1)).toThrow(RangeError);
  });
});
