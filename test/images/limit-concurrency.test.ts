import { describe, expect, it } from 'vitest';
import { createConcurrencyLimit } from '../../src/images/limit-concurrency.js';

/** A task that finishes only when the test says so. */
function gate() {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('createConcurrencyLimit', () => {
  it('runs at most the given number of tasks at once and queues the rest', async () => {
    const limit = createConcurrencyLimit(2);
    const gates = [gate(), gate(), gate(), gate()];
    let running = 0;
    let most = 0;
    const done = gates.map((g) =>
      limit(async () => {
        running++;
        most = Math.max(most, running);
        await g.opened;
        running--;
      }),
    );
    await tick();
    expect({ active: limit.active, queued: limit.queued }).toEqual({ active: 2, queued: 2 });
    for (const g of gates) g.open();
    await Promise.all(done);
    expect(most).toBe(2);
    expect({ active: limit.active, queued: limit.queued }).toEqual({ active: 0, queued: 0 });
  });

  it('starts queued tasks in the order they arrived', async () => {
    const limit = createConcurrencyLimit(1);
    const started: number[] = [];
    await Promise.all([1, 2, 3].map((n) => limit(async () => started.push(n))));
    expect(started).toEqual([1, 2, 3]);
  });

  it('frees the slot of a task that fails', async () => {
    const limit = createConcurrencyLimit(1);
    await expect(limit(async () => Promise.reject(new Error('broken photo')))).rejects.toThrow(
      'broken photo',
    );
    await expect(limit(async () => 'next')).resolves.toBe('next');
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses a concurrency of %s', (concurrency) => {
    expect(() => createConcurrencyLimit(concurrency)).toThrow(RangeError);
  });
});
