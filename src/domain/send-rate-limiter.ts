/**
 * Paces sends to at most `limit` in any `windowMs`, spread evenly: one every `windowMs / limit`. Time is
 * passed in, so it is pure and testable without waiting.
 *
 * Two rules, each for a reason. The even spacing: a burst of the whole limit at once, repeated each window,
 * keeps the count per window at the sender but not at the receiver — network jitter shifts the bursts into
 * each other (measured against the emulator under load: 41 in one second with a limit of 25). The sliding
 * window: the spacing keeps a slot a late timer missed, and the hard cap must hold whatever the timers do.
 */
export class SendRateLimiter {
  private readonly spacingMs: number;
  /** Times of the last `limit` grants (a ring; `next` is the oldest once full). */
  private readonly grants: number[];
  private next = 0;
  private count = 0;
  /** The earliest time of the next grant by the spacing. */
  private nextSlotMs = Number.NEGATIVE_INFINITY;

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new RangeError(`limit must be a positive integer, got ${limit}`);
    this.spacingMs = windowMs / limit;
    this.grants = new Array<number>(limit).fill(0);
  }

  /** Milliseconds to wait from `nowMs` until a grant is allowed; 0 when it is allowed now. */
  waitMs(nowMs: number): number {
    const bySpacing = this.nextSlotMs - nowMs;
    const byWindow = this.count < this.limit ? 0 : (this.grants[this.next] as number) + this.windowMs - nowMs;
    return Math.max(0, bySpacing, byWindow);
  }

  /** Records a grant at `nowMs`; call only when `waitMs(nowMs)` is 0. */
  take(nowMs: number): void {
    this.grants[this.next] = nowMs;
    this.next = (this.next + 1) % this.limit;
    this.count = Math.min(this.limit, this.count + 1);
    // Slots follow each other, so a timer that fires a little late does not lower the rate; after a quiet
    // spell (a whole slot missed) they start afresh from now, so nothing is made up in a burst.
    const base = nowMs - this.nextSlotMs >= this.spacingMs ? nowMs : this.nextSlotMs;
    this.nextSlotMs = base + this.spacingMs;
  }
}
