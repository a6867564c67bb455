import { describe, expect, it } from 'vitest';
import { windowStatus } from '../../src/domain/review-window.js';
import { pickPlaygroundClockStart } from '../../src/playground/playground-clock-start.js';
import { loadCurrentFlow } from '../helpers/flow.js';

const windowIn = (timezone: string, start: string) => ({ timezone, window: { start, end: start } });

describe('where the playground clock starts', () => {
  it('starts the current flow at 09:00 Beijing time on the review window’s first day', async () => {
    const flow = await loadCurrentFlow();
    const start = pickPlaygroundClockStart(flow, undefined);
    expect(start).toEqual({ at: new Date('2020-03-20T09:00:00+08:00'), from: 'review-window' });
    expect(windowStatus(flow, start.at).phase).toBe('open');
  });

  it('starts at NMLE_CLOCK when it is set', async () => {
    const nmleClock = new Date('2020-03-31T21:30:00+08:00');
    expect(pickPlaygroundClockStart(await loadCurrentFlow(), nmleClock)).toEqual({
      at: nmleClock,
      from: 'NMLE_CLOCK',
    });
  });

  it('reads 09:00 on the wall clocks of the flow’s time zone, not of UTC', () => {
    expect(pickPlaygroundClockStart(windowIn('UTC', '2021-06-01'), undefined).at).toEqual(
      new Date('2021-06-01T09:00:00Z'),
    );
    expect(pickPlaygroundClockStart(windowIn('America/Sao_Paulo', '2021-06-01'), undefined).at).toEqual(
      new Date('2021-06-01T12:00:00Z'),
    );
  });

  it('takes the offset of the day itself when summer time starts that night', () => {
    // New York moved to UTC-4 at 02:00 on 8 March 2020: 09:00 that morning is 13:00 UTC, not 14:00.
    expect(pickPlaygroundClockStart(windowIn('America/New_York', '2020-03-08'), undefined).at).toEqual(
      new Date('2020-03-08T13:00:00Z'),
    );
  });
});
