import type { CancelTimer, SetTimer } from '../../src/outbox/set-timer.js';

interface PendingTimer {
  atMs: number;
  /** Timers due at the same time fire in the order they were set, as Node's do. */
  readonly seq: number;
  readonly repeatMs: number | undefined;
  readonly callback: () => void;
}

/**
 * Time that moves only when the test moves it, for code that waits on timers and also does real I/O
 * (SQLite, HTTP to the emulator). The code under test takes `now` and `setTimer`; the I/O it awaits goes
 * through `tracked`, so the clock knows when everything started at this instant has finished, and only then
 * moves to the next timer. Times read from it are exact and the same on every run, however busy the machine.
 *
 * Global timers are not faked: the sockets and the SQLite driver keep real ones, which time never touches.
 */
export class ManualClock {
  private nowMs: number;
  private nextSeq = 0;
  private readonly timers = new Set<PendingTimer>();
  private readonly work = new Set<Promise<unknown>>();

  constructor(startMs: number) {
    this.nowMs = startMs;
  }

  /** The manual time in ms; a bound function, to hand over as a `now` option. */
  readonly now = (): number => this.nowMs;

  /** A `SetTimer` on this clock; `unref` means nothing here, every timer fires when its time comes. */
  readonly setTimer: SetTimer = (callback, delayMs, options = {}): CancelTimer => {
    // As Node: a delay below 1 ms is 1 ms.
    const stepMs = Math.max(1, delayMs);
    const timer: PendingTimer = {
      atMs: this.nowMs + stepMs,
      seq: this.nextSeq++,
      repeatMs: options.repeat ? stepMs : undefined,
      callback,
    };
    this.timers.add(timer);
    return () => {
      this.timers.delete(timer);
    };
  };

  /**
   * `target` with every promise it returns tracked: the clock does not move while one is pending. For a
   * function, its calls; for an object, its methods' calls.
   */
  tracked<T extends object>(target: T): T {
    const track = <R>(result: R): R => {
      if (result instanceof Promise) {
        this.work.add(result);
        const done = () => this.work.delete(result);
        result.then(done, done);
      }
      return result;
    };
    return new Proxy(target, {
      apply: (fn, self, args) => track(Reflect.apply(fn as (...a: unknown[]) => unknown, self, args)),
      get: (object, key) => {
        const value: unknown = Reflect.get(object, key);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => track(Reflect.apply(value, object, args));
      },
    });
  }

  /** Resolves once no tracked work is pending and whatever its completion set off has run. */
  async settle(): Promise<void> {
    do {
      await Promise.allSettled(this.work);
      // A turn of the event loop: every continuation of that work, and the work it started, is under way.
      await new Promise<void>((resolve) => setImmediate(resolve));
    } while (this.work.size > 0);
  }

  /** Moves time forward by `ms`, firing each timer due on the way at its own time and settling after each. */
  async advanceBy(ms: number): Promise<void> {
    const targetMs = this.nowMs + ms;
    await this.settle();
    for (let next = this.nextTimer(); next && next.atMs <= targetMs; next = this.nextTimer()) {
      this.fire(next);
      await this.settle();
    }
    this.nowMs = targetMs;
  }

  /**
   * Settles, then moves to the next timer and fires it, until `done` holds.
   * @throws Error (rejects) when no timer is left to wait for, or after `maxTimers`: the code is stuck.
   */
  async runUntil(what: string, done: () => boolean, { maxTimers = 10_000 } = {}): Promise<void> {
    for (let fired = 0; ; fired++) {
      await this.settle();
      if (done()) return;
      const next = this.nextTimer();
      if (!next) throw new Error(`nothing is left to wait for, yet not ${what} (at ${this.nowMs} ms)`);
      if (fired >= maxTimers) throw new Error(`fired ${maxTimers} timers, yet not ${what}`);
      this.fire(next);
    }
  }

  private nextTimer(): PendingTimer | undefined {
    let first: PendingTimer | undefined;
    for (const timer of this.timers)
      if (!first || timer.atMs < first.atMs || (timer.atMs === first.atMs && timer.seq < first.seq))
        first = timer;
    return first;
  }

  private fire(timer: PendingTimer): void {
    this.nowMs = Math.max(this.nowMs, timer.atMs);
    if (timer.repeatMs === undefined) this.timers.delete(timer);
    else timer.atMs += timer.repeatMs;
    timer.callback();
  }
}
