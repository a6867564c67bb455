import type { Applicant } from './applicant.js';
import { buildChecklist } from './checklist.js';
import type { Flow } from './flow.js';
import { nextQuestion, relevantQuestions } from './interview.js';
import type { Notification } from './notifier.js';
import { isQuietMinute, minutesOfDay, type ReminderConfig } from './reminder-config.js';
import { windowStatus, zonedDate, zonedMinutes } from './review-window.js';
import { escapeHtml, localize, type Text } from './text.js';

/** Why a reminder is sent; also the middle of its dedupe key. */
export type ReminderReason = 'window_open' | 'daily' | 'last_day' | 'returned_followup';

/** What an applicant still has to do, which decides whether and how they are reminded. */
export type PendingTask = 'interview' | 'upload' | 'resubmit';

/**
 * The applicant's next task, or undefined when there is nothing for them to do: the dossier is submitted,
 * decided, or the finished interview found them ineligible (a reminder could not help them).
 */
export function pendingTask(flow: Flow, applicant: Applicant): PendingTask | undefined {
  if (applicant.dossier.state === 'returned') return 'resubmit';
  if (applicant.dossier.state !== 'draft') return undefined;
  if (nextQuestion(flow, applicant.answers)) return 'interview';
  const { facts } = relevantQuestions(flow, applicant.answers);
  return buildChecklist(flow, facts).eligible ? 'upload' : undefined;
}

/**
 * Whether a reminder may go out at `now` at all: the window is open and it is not quiet hours, local time.
 * A cheap test before reading every applicant.
 */
export function isReminderTime(flow: Flow, now: Date): boolean {
  return (
    windowStatus(flow, now).phase === 'open' &&
    !isQuietMinute(flow.reminders.quietHours, zonedMinutes(now, flow.timezone))
  );
}

/**
 * The reminders due at `now` (evaluated in the flow's time zone), one notification each, at most one per
 * applicant, reason and local day — the dedupe key `reminder:<reason>:<yyyy-mm-dd>:<userId>` lets the outbox
 * refuse one already recorded, so calling this on every scheduler tick is safe.
 *
 * - None outside the window, none in the quiet hours, none to `inactive` applicants or applicants of
 *   another flow, none to those with nothing left to do (see `pendingTask`).
 * - From its `at` time on the window's first day: `window_open`; on the last day: `last_day` (the last day
 *   wins when the window is one day long); on the days between: `daily`, with the days left.
 * - `returned_followup` once a returned dossier is still returned `afterHours` after the return; its key's
 *   date is the day it fell due, so a follow-up deferred by the night is still sent only once.
 */
export function dueReminders(flow: Flow, applicants: readonly Applicant[], now: Date): Notification[] {
  const config = flow.reminders;
  const status = windowStatus(flow, now);
  if (status.phase !== 'open') return [];
  const minute = zonedMinutes(now, flow.timezone);
  if (isQuietMinute(config.quietHours, minute)) return [];

  const today = zonedDate(now, flow.timezone);
  const calendar = calendarReminder(config, today, flow.window);
  const calendarDue = minute >= minutesOfDay(calendar.at);
  const vars = {
    start: flow.window.start,
    end: flow.window.end,
    days: status.daysLeft,
    hours: config.returned.afterHours,
  };
  const afterMs = config.returned.afterHours * 3_600_000;

  const due: Notification[] = [];
  for (const applicant of applicants) {
    if (applicant.inactive || applicant.flowId !== flow.id) continue;
    const task =
      calendarDue || applicant.dossier.state === 'returned' ? pendingTask(flow, applicant) : undefined;
    if (!task) continue;
    const { userId, chatId, lang } = applicant;
    if (calendarDue) {
      const html = [localize(calendar.text, lang, vars), localize(config.todo[task], lang, vars)]
        .map(escapeHtml)
        .join('\n');
      due.push({
        userId,
        chatId,
        html,
        reason: calendar.reason,
        dedupeKey: keyOf(calendar.reason, today, userId),
      });
    }
    const returnedAt = applicant.dossier.feedback?.at;
    if (task === 'resubmit' && returnedAt !== undefined) {
      const dueAt = Date.parse(returnedAt) + afterMs;
      if (Number.isFinite(dueAt) && now.getTime() >= dueAt) {
        const dueDate = zonedDate(new Date(dueAt), flow.timezone);
        due.push({
          userId,
          chatId,
          html: escapeHtml(localize(config.returned.text, lang, vars)),
          reason: 'returned_followup',
          dedupeKey: keyOf('returned_followup', dueDate, userId),
        });
      }
    }
  }
  return due;
}

function calendarReminder(
  config: ReminderConfig,
  today: string,
  window: Flow['window'],
): { reason: ReminderReason; at: string; text: Text } {
  if (today === window.end) return { reason: 'last_day', ...config.lastDay };
  if (today === window.start) return { reason: 'window_open', ...config.windowOpen };
  return { reason: 'daily', ...config.daily };
}

function keyOf(reason: ReminderReason, date: string, userId: number): string {
  return `reminder:${reason}:${date}:${userId}`;
}
