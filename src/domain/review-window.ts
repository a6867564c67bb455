import type { Flow } from './flow.js';
import { minutesOfDay } from './reminder-config.js';
import { type Lang, localize } from './text.js';

/** Where `now` stands against the flow's review window, in the flow's time zone. */
export type WindowStatus =
  | { phase: 'before'; daysUntilStart: number }
  | { phase: 'open'; daysLeft: number; lastDay: boolean }
  | { phase: 'closed' };

/** The calendar date (YYYY-MM-DD) of `instant` in `timeZone`. */
export function zonedDate(instant: Date, timeZone: string): string {
  return formatIn(timeZone, 'date').format(instant);
}

/** Whether `zone` is an IANA time zone this runtime knows, e.g. Asia/Shanghai. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function daysBetween(fromDate: string, toDate: string): number {
  return Math.round((Date.parse(`${toDate}T00:00:00Z`) - Date.parse(`${fromDate}T00:00:00Z`)) / 86_400_000);
}

/**
 * The window's dates are inclusive: open from the first moment of `start` to the last of `end`, local time.
 * `daysLeft` counts today: on the last day it is 1.
 */
export function windowStatus(flow: Pick<Flow, 'window' | 'timezone'>, now: Date): WindowStatus {
  const today = zonedDate(now, flow.timezone);
  if (today < flow.window.start)
    return { phase: 'before', daysUntilStart: daysBetween(today, flow.window.start) };
  if (today > flow.window.end) return { phase: 'closed' };
  const daysLeft = daysBetween(today, flow.window.end) + 1;
  return { phase: 'open', daysLeft, lastDay: daysLeft === 1 };
}

/** The applicant-facing sentence on the deadline for `now`. */
export function windowText(flow: Pick<Flow, 'window' | 'timezone' | 'texts'>, now: Date, lang: Lang): string {
  const status = windowStatus(flow, now);
  const vars = { start: flow.window.start, end: flow.window.end };
  switch (status.phase) {
    case 'before':
      return localize(flow.texts.windowBefore, lang, { ...vars, days: status.daysUntilStart });
    case 'open':
      return status.lastDay
        ? localize(flow.texts.windowLastDay, lang, vars)
        : localize(flow.texts.windowOpen, lang, { ...vars, days: status.daysLeft });
    case 'closed':
      return localize(flow.texts.windowClosed, lang, vars);
  }
}

/** Minutes since local midnight of `instant` in `timeZone`. */
export function zonedMinutes(instant: Date, timeZone: string): number {
  return minutesOfDay(formatIn(timeZone, 'time').format(instant));
}

// en-CA writes dates as YYYY-MM-DD; en-GB with h23 writes times as HH:MM.
const FORMATS = {
  date: ['en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' }],
  time: ['en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }],
} as const satisfies Record<string, readonly [string, Intl.DateTimeFormatOptions]>;

/** Building a DateTimeFormat costs far more than using one; keep one per zone and kind. */
const formats = new Map<string, Intl.DateTimeFormat>();

function formatIn(timeZone: string, kind: keyof typeof FORMATS): Intl.DateTimeFormat {
  const key = `${kind}|${timeZone}`;
  let format = formats.get(key);
  if (!format) {
    const [locale, options] = FORMATS[kind];
    format = new Intl.DateTimeFormat(locale, { ...options, timeZone });
    formats.set(key, format);
  }
  return format;
}
