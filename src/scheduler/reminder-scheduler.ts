import cron, { type ScheduledTask } from 'node-cron';
import type { ApplicantRepository } from '../app/ports/applicant-repository.js';
import type { LeaderLock } from '../app/ports/leader-lock.js';
import type { Clock } from '../domain/clock.js';
import type { Flow } from '../domain/flow.js';
import type { Notifier } from '../domain/notifier.js';
import { dueReminders, isReminderTime } from '../domain/reminder-rules.js';
import { isReviewerDigestTime, reviewerDigests } from '../domain/reviewer-digest.js';
import type { Logger } from '../log.js';

/** Applicants per slice of a pass; the bot answers updates between slices. */
const PASS_CHUNK = 500;

/**
 * Every ten minutes: a reminder falls due at most ten minutes after its time, and a reviewers' digest goes
 * out at the start of its half-hour slot (:00 and :30 are among the ticks).
 */
export const REMINDER_CRON = '*/10 * * * *';

export interface ReminderSchedulerDeps {
  readonly flow: Flow;
  readonly applicants: Pick<ApplicantRepository, 'listByState'>;
  readonly notifier: Notifier;
  readonly clock: Clock;
  readonly log: Logger;
  /** Who gets the digest of new submissions (REVIEWER_IDS); none is sent when empty or absent. */
  readonly reviewerIds?: readonly number[];
  /** One reminder pass at a time across the processes sharing the store; without one, this process alone. */
  readonly leader?: LeaderLock;
  /** Default `REMINDER_CRON`, read in the flow's time zone. */
  readonly cronExpression?: string;
}

/** What one pass did. */
export interface TickResult {
  /** Reminders due and handed to the notifier (which ignores the ones it has already recorded). */
  readonly due: number;
  /** Reviewers' digests due and handed to the notifier, likewise. */
  readonly digests: number;
  /** The pass failed (logged); nothing more is known. */
  readonly failed?: true;
}

export interface ReminderScheduler {
  /** Registers the cron and runs one pass at once, so reminders missed while the bot was down go out now. */
  start(): void;
  /** Stops the cron; resolves when a pass in progress has finished. */
  stop(): Promise<void>;
  /**
   * One pass as if the clock read `now`: load applicants, compute due reminders, then the reviewers' digests,
   * notify each. Never throws (one catch per pass: logged). A call while a pass is running gets that pass's
   * result.
   */
  tick(now?: Date): Promise<TickResult>;
}

/**
 * The reminder scheduler, the only user of node-cron; it also sends the reviewers' digests of new
 * submissions. Each pass is cheap to repeat: the notifier refuses a dedupe key it has recorded, so a
 * reminder or a digest is never sent twice however often the pass runs.
 */
export function createReminderScheduler(deps: ReminderSchedulerDeps): ReminderScheduler {
  const { flow, log } = deps;
  const reviewerIds = deps.reviewerIds ?? [];
  let task: ScheduledTask | undefined;
  let running: Promise<TickResult> | undefined;

  const pass = async (now: Date): Promise<TickResult> => {
    // At night and outside the window no reminder can be due, outside working hours no digest (it is not
    // tied to the window: what arrives on the last evening is announced the next morning): skip reading.
    const reminding = isReminderTime(flow, now);
    const digesting = reviewerIds.length > 0 && isReviewerDigestTime(flow, now);
    if (!reminding && !digesting) return { due: 0, digests: 0 };
    // Approved and rejected dossiers get neither reminders nor digests: they are not read at all.
    const applicants = await deps.applicants.listByState(['draft', 'returned', 'submitted']);
    let due = 0;
    for (let start = 0; reminding && start < applicants.length; start += PASS_CHUNK) {
      const chunk = dueReminders(flow, applicants.slice(start, start + PASS_CHUNK), now);
      await Promise.all(chunk.map((notification) => deps.notifier.notify(notification)));
      due += chunk.length;
      // Let the applicants' updates in between: a pass over 10,000 in one go held the bot for ~0.5 s.
      await new Promise((resolve) => setImmediate(resolve));
    }
    const digests = digesting ? reviewerDigests(flow, applicants, reviewerIds, now) : [];
    await Promise.all(digests.map((notification) => deps.notifier.notify(notification)));
    if (due > 0 || digests.length > 0)
      log.info({ due, digests: digests.length, at: now.toISOString() }, 'reminder pass');
    return { due, digests: digests.length };
  };

  /** A pass, unless another process holds the pass (then nothing is due here). */
  const exclusivePass = async (now: Date): Promise<TickResult> => {
    if (!deps.leader) return pass(now);
    return (await deps.leader.runExclusive('reminder-pass', () => pass(now))) ?? { due: 0, digests: 0 };
  };

  const tick = (now = deps.clock.now()): Promise<TickResult> => {
    // A pass still running (a slow store) is not doubled up; the next tick catches up.
    running ??= exclusivePass(now)
      .catch((error: unknown) => {
        log.error({ err: error }, 'reminder pass failed');
        return { due: 0, digests: 0, failed: true } as const;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  };

  return {
    start() {
      task ??= cron.schedule(deps.cronExpression ?? REMINDER_CRON, () => void tick(), {
        timezone: flow.timezone,
        name: 'reminders',
        noOverlap: true,
      });
      void tick();
    },
    async stop() {
      await task?.stop();
      await task?.destroy();
      task = undefined;
      await running;
    },
    tick,
  };
}
