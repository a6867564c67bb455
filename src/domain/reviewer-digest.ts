import type { Applicant } from './applicant.js';
import type { Flow } from './flow.js';
import type { Notification } from './notifier.js';
import { minutesOfDay, REVIEWER_DIGEST_SLOT_MINUTES } from './reminder-config.js';
import { zonedDate, zonedMinutes } from './review-window.js';
import { escapeHtml, type Lang, localize } from './text.js';

/*
 * Why the digest keeps no state of its own.
 *
 * Time is cut into half-hour slots starting on the local hour and half hour (the flow's time zone). A slot
 * is a working slot when its start lies in `reminders.reviewerHours` (from inclusive, to exclusive). The
 * digest of a working slot announces the dossiers still submitted that arrived since the start of the
 * previous working slot and before the start of this one, and goes out on any pass inside the slot; its
 * dedupe key names the reviewer and the slot, `digest:<reviewerId>:<yyyy-mm-dd>T<hh:mm>` (local), so the
 * outbox records it once however many passes, restarts or processes compute it.
 *
 * - Never twice: one key per reviewer and slot, refused by the outbox once recorded.
 * - No arrival forgotten: the coverages of consecutive working slots tile time without gap or overlap, so
 *   each arrival belongs to exactly one digest — one that arrives at night or after `to` belongs to the
 *   first slot of the next working period. It is announced as long as a pass runs during that slot (the
 *   cron passes at every :00/:30, and at start); only if the bot is down for the whole slot is it left out
 *   of the new ones (it still counts among those waiting in every later digest, and in /queue). A dossier
 *   decided before its digest is not announced.
 * - At most one per reviewer per slot. The scheduler's cron passes at the slot's start, so digests go out on
 *   the hour and half hour, 30 minutes or more apart. The one exception: a slot whose start was missed (the
 *   bot was down then) sends its digest at the first pass after the restart, and if a dossier arrives before
 *   the next slot, that next digest follows less than 30 minutes later.
 *
 * The other design, remembering each reviewer's last digest and sending on the first arrival after 30 quiet
 * minutes, answers sooner (at once instead of at the next slot start, at most 30 minutes later) and closes
 * that exception, but needs a record per reviewer written after every digest and a crash between the
 * notify and that write handled. Slots need neither, and a pass right after a submit gains nothing: what
 * arrives now belongs to the next slot.
 */

/** Reviewers read the bot in Chinese (as REVIEWER_LANG of the bot's review views). */
const DIGEST_LANG: Lang = 'zh';

const SLOT_MS = REVIEWER_DIGEST_SLOT_MINUTES * 60_000;
/** Enough steps back to cross any night and a daylight-saving change. */
const MAX_SLOTS_BACK = (2 * 24 * 60) / REVIEWER_DIGEST_SLOT_MINUTES;

/** Why a digest is sent; also the middle of its dedupe key. */
export const REVIEWER_DIGEST_REASON = 'reviewer_digest';

/** The start of the slot holding `now`: the last local :00 or :30 in `timeZone`. */
export function digestSlotOf(now: Date, timeZone: string): Date {
  const intoMinuteMs = ((now.getTime() % 60_000) + 60_000) % 60_000;
  const intoSlotMs = (zonedMinutes(now, timeZone) % REVIEWER_DIGEST_SLOT_MINUTES) * 60_000 + intoMinuteMs;
  return new Date(now.getTime() - intoSlotMs);
}

function isWorkingSlot(flow: Pick<Flow, 'timezone' | 'reminders'>, slot: Date): boolean {
  const { from, to } = flow.reminders.reviewerHours;
  const minute = zonedMinutes(slot, flow.timezone);
  return minute >= minutesOfDay(from) && minute < minutesOfDay(to);
}

/** Whether a digest may go out at `now`: its slot starts within the reviewers' working hours. */
export function isReviewerDigestTime(flow: Pick<Flow, 'timezone' | 'reminders'>, now: Date): boolean {
  return isWorkingSlot(flow, digestSlotOf(now, flow.timezone));
}

function previousWorkingSlot(flow: Pick<Flow, 'timezone' | 'reminders'>, slot: Date): Date {
  let candidate = slot;
  for (let i = 0; i < MAX_SLOTS_BACK; i += 1) {
    candidate = new Date(candidate.getTime() - SLOT_MS);
    if (isWorkingSlot(flow, candidate)) return candidate;
  }
  // The flow's schema requires from < to, so a working slot lies within a day; this is not reached.
  return new Date(slot.getTime() - 24 * 3_600_000);
}

function slotLabel(slot: Date, timeZone: string): string {
  const minute = zonedMinutes(slot, timeZone);
  const hh = String(Math.floor(minute / 60)).padStart(2, '0');
  const mm = String(minute % 60).padStart(2, '0');
  return `${zonedDate(slot, timeZone)}T${hh}:${mm}`;
}

/**
 * The digests due at `now`, one per reviewer: "N new dossiers to review (M waiting in all)", where the new
 * ones are those still submitted that arrived since the start of the previous working slot and before the
 * start of the current one (see the comment at the top of this file for why slots, and what they promise).
 * Dedupe key `digest:<reviewerId>:<yyyy-mm-dd>T<hh:mm>`, the slot's local start, so calling this on every
 * scheduler pass is safe.
 *
 * None outside working hours, none when nothing new arrived, none without reviewers. Every applicant counts,
 * whatever their flow, as in the reviewers' /queue. A reviewer must have started a chat with the bot to
 * receive it (Telegram answers 403 otherwise, and the outbox records it as blocked).
 */
export function reviewerDigests(
  flow: Pick<Flow, 'timezone' | 'reminders' | 'texts'>,
  applicants: readonly Applicant[],
  reviewerIds: readonly number[],
  now: Date,
): Notification[] {
  if (reviewerIds.length === 0) return [];
  const slot = digestSlotOf(now, flow.timezone);
  if (!isWorkingSlot(flow, slot)) return [];
  const since = previousWorkingSlot(flow, slot).getTime();
  const until = slot.getTime();

  let waiting = 0;
  let fresh = 0;
  for (const applicant of applicants) {
    if (applicant.dossier.state !== 'submitted') continue;
    waiting += 1;
    const at = Date.parse(applicant.dossier.submittedAt ?? '');
    if (at >= since && at < until) fresh += 1;
  }
  if (fresh === 0) return [];

  const html = escapeHtml(localize(flow.texts.reviewerDigest, DIGEST_LANG, { count: fresh, total: waiting }));
  const label = slotLabel(slot, flow.timezone);
  return [...new Set(reviewerIds)].map((reviewerId) => ({
    userId: reviewerId,
    // A user's private chat with the bot has the user's id.
    chatId: reviewerId,
    html,
    reason: REVIEWER_DIGEST_REASON,
    dedupeKey: `digest:${reviewerId}:${label}`,
  }));
}
