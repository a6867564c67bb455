/** The time source of the domain; injected so tests and the playground can move it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that starts at `start` and runs at real speed from there. */
export function offsetClock(start: Date, base: Clock = systemClock): Clock {
  const offsetMs = start.getTime() - base.now().getTime();
  return { now: () => new Date(base.now().getTime() + offsetMs) };
}

/** A clock whose time can be moved forward, e.g. by the playground's "+1 day" button. */
export interface AdjustableClock extends Clock {
  /**
   * Moves the clock forward by `ms` (and keeps it running from there).
   * @throws RangeError when `ms` is negative or not finite: time never runs backwards.
   */
  advance(ms: number): void;
}

/** A clock that runs at `base`'s speed and can be moved forward. */
export function adjustableClock(base: Clock = systemClock): AdjustableClock {
  let offsetMs = 0;
  return {
    now: () => new Date(base.now().getTime() + offsetMs),
    advance(ms) {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`expected a duration ≥ 0 ms, got ${ms}`);
      offsetMs += ms;
    },
  };
}
