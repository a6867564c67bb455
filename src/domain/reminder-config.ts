import { z } from 'zod';
import { placeholdersOf, TextSchema } from './text.js';

/** A local time of day as HH:MM (24-hour), in the flow's time zone. */
const LocalTimeSchema = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a local time as HH:MM (24-hour), such as 09:00');

/** Minutes since local midnight of an `HH:MM` time. */
export function minutesOfDay(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}

/** Whether `minute` (since local midnight) lies in the quiet hours, which may run past midnight. */
export function isQuietMinute(quiet: { start: string; end: string }, minute: number): boolean {
  const start = minutesOfDay(quiet.start);
  const end = minutesOfDay(quiet.end);
  return start <= end ? minute >= start && minute < end : minute >= start || minute < end;
}

/**
 * Reviewers get at most one digest per slot of this many minutes; slots start on the local hour and half
 * hour (see reviewer-digest.ts), so the reviewers' working hours must too.
 */
export const REVIEWER_DIGEST_SLOT_MINUTES = 30;

const ReviewerHoursSchema = z
  .object({ from: LocalTimeSchema, to: LocalTimeSchema })
  .strict()
  .superRefine((hours, ctx) => {
    for (const key of ['from', 'to'] as const) {
      if (minutesOfDay(hours[key]) % REVIEWER_DIGEST_SLOT_MINUTES !== 0)
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `${hours[key]} is not on the hour or half hour; digests go out at :00 and :30, e.g. 08:00 or 17:30`,
        });
    }
    if (minutesOfDay(hours.from) >= minutesOfDay(hours.to))
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: `${hours.to} is not after ${hours.from}; expected daytime hours such as from 08:00 to 18:00`,
      });
  });

/** The placeholders reminder texts may use; filled by `dueReminders`. */
export const REMINDER_PLACEHOLDERS = ['start', 'end', 'days', 'hours'] as const;

const ReminderTextSchema = TextSchema.superRefine((text, ctx) => {
  for (const lang of ['zh', 'en'] as const) {
    for (const name of placeholdersOf(text[lang])) {
      if (!(REMINDER_PLACEHOLDERS as readonly string[]).includes(name)) {
        ctx.addIssue({
          code: 'custom',
          path: [lang],
          message: `placeholder {${name}} is not filled in reminders; expected one of ${REMINDER_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}`,
        });
      }
    }
  }
});

const CalendarReminderSchema = z.object({ at: LocalTimeSchema, text: ReminderTextSchema }).strict();

/**
 * The flow's `reminders:` section: when the scheduled reminders are due (local times in the flow's time
 * zone) and what they say. Kept in the flow so that next year's notice can move or reword them without code.
 */
export const ReminderConfigSchema = z
  .object({
    /** No reminder is sent from `start` to `end` (local, may run past midnight). */
    quietHours: z.object({ start: LocalTimeSchema, end: LocalTimeSchema }).strict(),
    /**
     * When reviewers are told of new submissions (local, `from` inclusive, `to` exclusive): arrivals outside
     * go into the first digest of the next working period.
     */
    reviewerHours: ReviewerHoursSchema,
    /** The window's first day, to every applicant who started and still has something to do. */
    windowOpen: CalendarReminderSchema,
    /** Every other day of the window, to applicants with an unfinished interview or dossier. */
    daily: CalendarReminderSchema,
    /** The window's last day. */
    lastDay: CalendarReminderSchema,
    /** A returned dossier not resubmitted `afterHours` after the return. */
    returned: z.object({ afterHours: z.number().positive(), text: ReminderTextSchema }).strict(),
    /** The line appended to a calendar reminder saying what to do next. */
    todo: z
      .object({ interview: ReminderTextSchema, upload: ReminderTextSchema, resubmit: ReminderTextSchema })
      .strict(),
  })
  .strict()
  .superRefine((config, ctx) => {
    for (const key of ['windowOpen', 'daily', 'lastDay'] as const) {
      if (isQuietMinute(config.quietHours, minutesOfDay(config[key].at))) {
        ctx.addIssue({
          code: 'custom',
          path: [key, 'at'],
          message: `${config[key].at} lies in the quiet hours (${config.quietHours.start}–${config.quietHours.end}); expected a daytime hour`,
        });
      }
    }
  });
export type ReminderConfig = z.infer<typeof ReminderConfigSchema>;
