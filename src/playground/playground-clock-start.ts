import type { Flow } from '../domain/flow.js';

/** Local time of day, in the flow's time zone, that the playground's clock starts at on the window's first day. */
export const PLAYGROUND_START_TIME = '09:00';

/** Where the playground's clock starts, and why there (the page says which). */
export interface PlaygroundClockStart {
  readonly at: Date;
  readonly from: 'NMLE_CLOCK' | 'review-window';
}

/**
 * The playground's clock start: `NMLE_CLOCK` when set, otherwise 09:00 on the first day of the flow's review
 * window in the flow's time zone. A demonstration at the real date, years after the 2020 window, would only
 * ever hear that the review is over.
 */
export function pickPlaygroundClockStart(
  flow: Pick<Flow, 'window' | 'timezone'>,
  nmleClock: Date | undefined,
): PlaygroundClockStart {
  if (nmleClock) return { at: nmleClock, from: 'NMLE_CLOCK' };
  return { at: zonedInstant(flow.window.start, PLAYGROUND_START_TIME, flow.timezone), from: 'review-window' };
}

/** The instant that reads `date` (YYYY-MM-DD) `time` (HH:MM) on the wall clocks of `timeZone`. */
function zonedInstant(date: string, time: string, timeZone: string): Date {
  const wallAsUtcMs = Date.parse(`${date}T${time}:00Z`);
  const guessMs = wallAsUtcMs - utcOffsetMs(wallAsUtcMs, timeZone);
  // The offset at the guess, not at the wall time read as UTC: they differ when a DST change falls in between.
  return new Date(wallAsUtcMs - utcOffsetMs(guessMs, timeZone));
}

/** How far `timeZone`'s wall clocks are ahead of UTC at `instantMs`, e.g. 8 h for Asia/Shanghai. */
function utcOffsetMs(instantMs: number, timeZone: string): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
    .formatToParts(instantMs)
    .find((part) => part.type === 'timeZoneName')?.value;
  // "GMT+08:00", "GMT-04:00", or plain "GMT" for UTC itself.
  const match = /^GMT([+-])(\d{2}):(\d{2})$/.exec(name ?? '');
  if (!match) return 0;
  const [, sign, hours, minutes] = match;
  return (sign === '-' ? -1 : 1) * (Number(hours) * 60 + Number(minutes)) * 60_000;
}
