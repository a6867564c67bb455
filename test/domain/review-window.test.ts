import { describe, expect, it } from 'vitest';
import { windowStatus, zonedDate } from '../../src/domain/review-window.js';

const flow = { window: { start: '2020-03-20', end: '2020-03-31' }, timezone: 'Asia/Shanghai' };

describe('the review window, in Beijing time', () => {
  it('is not open at 23:59 Beijing time the day before', () => {
    expect(windowStatus(flow, new Date('2020-03-19T15:59:00Z'))).toEqual({
      phase: 'before',
      daysUntilStart: 1,
    });
  });

  it('opens at midnight Beijing time, which is 16:00 UTC the day before', () => {
    expect(windowStatus(flow, new Date('2020-03-19T16:00:00Z'))).toEqual({
      phase: 'open',
      daysLeft: 12,
      lastDay: false,
    });
  });

  it('counts the last day as one day left, up to 23:59 Beijing time', () => {
    expect(windowStatus(flow, new Date('2020-03-31T15:59:59Z'))).toEqual({
      phase: 'open',
      daysLeft: 1,
      lastDay: true,
    });
  });

  it('is closed from midnight after the last day', () => {
    expect(windowStatus(flow, new Date('2020-03-31T16:00:00Z'))).toEqual({ phase: 'closed' });
  });

  it('dates an instant in the zone, not in UTC', () => {
    expect(zonedDate(new Date('2020-03-19T17:00:00Z'), 'Asia/Shanghai')).toBe('2020-03-20');
  });
});
