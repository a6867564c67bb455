import type { Delay } from '../../src/emulator/webhook-delivery.js';

/**
 * An injected clock for webhook retry waits: every wait is recorded and held until the test lets time
 * pass with `elapse()`, so a test sees what the delivery would wait without waiting at all.
 */
export class ManualRetryClock {
  /** Every wait asked for, in order, in milliseconds. */
  readonly waits: number[] = [];
  private held: Array<() => void> = [];
  private waitWaiters: Array<{ readonly count: number; readonly resolve: () => void }> = [];

  readonly delay: Delay = (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      this.waits.push(ms);
      signal.addEventListener('abort', () => reject(signal.reason), { once: true });
      this.held.push(resolve);
      const reached = this.waitWaiters.filter((waiter) => this.waits.length >= waiter.count);
      this.waitWaiters = this.waitWaiters.filter((waiter) => this.waits.length < waiter.count);
      for (const waiter of reached) waiter.resolve();
    });

  /** Resolves with the `count`-th wait (1-based) once the delivery asks for it. */
  async whenWait(count: number): Promise<number> {
    if (this.waits.length < count) {
      await new Promise<void>((resolve) => this.waitWaiters.push({ count, resolve }));
    }
    return this.waits[count - 1] as number;
  }

  /** Ends every wait held so far. */
  elapse(): void {
    const held = this.held;
    this.held = [];
    for (const resolve of held) resolve();
  }
}
