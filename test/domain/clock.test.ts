import { describe, expect, it } from 'vitest';
import { adjustableClock, type Clock } from '../../src/domain/clock.js';

const fixed = (iso: string): Clock => ({ now: () => new Date(iso) });

describe('adjustableClock', () => {
  it('reads its base until moved, then the base plus every advance so far', () => {
    const clock = adjustableClock(fixed('2020-03-25T01:00:00Z'));
    expect(clock.now().toISOString()).toBe('2020-03-25T01:00:00.000Z');
    clock.advance(3_600_000);
    clock.advance(24 * 3_600_000);
    expect(clock.now().toISOString()).toBe('2020-03-26T02:00:00.000Z');
  });

  it('refuses to run backwards', () => {
    const clock = adjustableClock(fixed('2020-03-25T01:00:00Z'));
    expect(() => clock.advance(-1)).toThrow(RangeError);
    expect(() => clock.advance(Number.NaN)).toThrow(RangeError);
  });
});
