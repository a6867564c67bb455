import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SendRateLimiter } from '../../src/domain/send-rate-limiter.js';

describe('the send rate limiter', () => {
  it('spreads the sends evenly over the window', () => {
    const limiter = new SendRateLimiter(4, 1000);
    expect(limiter.waitMs(0)).toBe(0);
    limiter.take(0);
    expect(limiter.waitMs(100)).toBe(150);
    limiter.take(250);
    expect(limiter.waitMs(250)).toBe(250);
  });

  it('keeps the rate when a timer fires a little late, and starts afresh after a quiet spell', () => {
    const limiter = new SendRateLimiter(4, 1000);
    limiter.take(0);
    limiter.take(300);
    // The slot after 250 was 500: a grant at 300 keeps it, so the rate does not drop.
    expect(limiter.waitMs(300)).toBe(200);
    limiter.take(10_000);
    expect(limiter.waitMs(10_000)).toBe(250);
  });

  it('never allows more than the limit within any window, however the calls come', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 300 }),
        (limit, gaps) => {
          const limiter = new SendRateLimiter(limit, 1000);
          const granted: number[] = [];
          let now = 0;
          for (const gap of gaps) {
            now += gap;
            if (limiter.waitMs(now) === 0) {
              limiter.take(now);
              granted.push(now);
            }
          }
          for (let i = limit; i < granted.length; i++) {
            expect((granted[i] as number) - (granted[i - limit] as number)).toBeGreaterThanOrEqual(1000);
          }
        },
      ),
    );
  });

  it('keeps the full rate when each send waits exactly as long as asked', () => {
    const limiter = new SendRateLimiter(25, 1000);
    let now = 0;
    for (let i = 0; i < 100; i++) {
      now += limiter.waitMs(now);
      limiter.take(now);
    }
    expect(now).toBe(99 * 40);
  });

  it('refuses a limit that is not a positive whole number', () => {
    expect(() => new SendRateLimiter(0, 1000)).toThrow(RangeError);
  });
});
