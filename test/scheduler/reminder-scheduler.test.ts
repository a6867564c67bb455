import { beforeAll, describe, expect, it } from 'vitest';
import type { Applicant } from '../../src/domain/applicant.js';
import type { Flow } from '../../src/domain/flow.js';
import type { Notification } from '../../src/domain/notifier.js';
import { createLogger } from '../../src/log.js';
import {
  createReminderScheduler,
  type ReminderSchedulerDeps,
} from '../../src/scheduler/reminder-scheduler.js';
import { applicantOf, ELIGIBLE_ANSWERS } from '../helpers/applicants.js';
import { loadCurrentFlow } from '../helpers/flow.js';

let flow: Flow;
beforeAll(async () => {
  flow = await loadCurrentFlow();
});

const DAYTIME = new Date('2020-03-25T10:00:00+08:00');

function schedulerWith(
  applicants: () => Promise<Applicant[]>,
  overrides: Partial<ReminderSchedulerDeps> = {},
) {
  const notified: Notification[] = [];
  const logged: string[] = [];
  const log = createLogger('info', {
    write: (line: string) => {
      logged.push(line);
      return true;
    },
  } as unknown as NodeJS.WritableStream);
  let reads = 0;
  const scheduler = createReminderScheduler({
    flow,
    applicants: {
      listByState: async (states) => {
        reads += 1;
        return (await applicants()).filter((a) => states.includes(a.dossier.state));
      },
    },
    notifier: {
      notify: async (n) => {
        notified.push(n);
      },
      forget: async () => {},
    },
    clock: { now: () => DAYTIME },
    log,
    ...overrides,
  });
  return { scheduler, notified, logged, reads: () => reads };
}

describe('the reminder scheduler', () => {
  it('notifies every reminder due at the tick’s time', async () => {
    const { scheduler, notified } = schedulerWith(async () => [applicantOf(1), applicantOf(2)]);
    expect(await scheduler.tick(DAYTIME)).toEqual({ due: 2, digests: 0 });
    expect(notified.map((n) => n.dedupeKey)).toEqual([
      'reminder:daily:2020-03-25:1',
      'reminder:daily:2020-03-25:2',
    ]);
  });

  it('uses the clock when no time is given', async () => {
    const { scheduler, notified } = schedulerWith(async () => [applicantOf(1)]);
    await scheduler.tick();
    expect(notified.map((n) => n.dedupeKey)).toEqual(['reminder:daily:2020-03-25:1']);
  });

  it('does not read the applicants at night or outside the window', async () => {
    const { scheduler, reads } = schedulerWith(async () => [applicantOf(1)]);
    await scheduler.tick(new Date('2020-03-25T23:00:00+08:00'));
    await scheduler.tick(new Date('2020-04-05T10:00:00+08:00'));
    expect(reads()).toBe(0);
  });

  it('logs a failed pass and carries on', async () => {
    const { scheduler, logged } = schedulerWith(async () => {
      throw new Error('database is locked');
    });
    expect(await scheduler.tick(DAYTIME)).toEqual({ due: 0, digests: 0, failed: true });
    expect(logged.join('')).toContain('reminder pass failed');
  });

  it('runs a pass at start and stops its cron cleanly', async () => {
    const { scheduler, notified } = schedulerWith(async () => [applicantOf(1)]);
    scheduler.start();
    await scheduler.stop();
    expect(notified).toHaveLength(1);
  });
});

describe('the reviewers’ digest in the scheduler pass', () => {
  const REVIEWERS = [9_000_001, 9_000_002];
  const submittedAt = (local: string) =>
    applicantOf(3, {
      answers: ELIGIBLE_ANSWERS,
      dossier: { state: 'submitted', submittedAt: new Date(`${local}+08:00`).toISOString() },
    });

  it('after the reminders, tells each reviewer of the dossiers that arrived in the previous half hour', async () => {
    const { scheduler, notified } = schedulerWith(
      async () => [applicantOf(1), submittedAt('2020-03-25T09:45')],
      { reviewerIds: REVIEWERS },
    );
    expect(await scheduler.tick(DAYTIME)).toEqual({ due: 1, digests: 2 });
    expect(notified.map((n) => [n.chatId, n.reason, n.dedupeKey])).toEqual([
      [1, 'daily', 'reminder:daily:2020-03-25:1'],
      [9_000_001, 'reviewer_digest', 'digest:9000001:2020-03-25T10:00'],
      [9_000_002, 'reviewer_digest', 'digest:9000002:2020-03-25T10:00'],
    ]);
    expect(notified[1]?.html).toBe('📥 新提交 1 份材料待审核（共 1 份待审核）。发送 /queue 查看。');
  });

  it('sends no digest without REVIEWER_IDS', async () => {
    const { scheduler, notified } = schedulerWith(async () => [submittedAt('2020-03-25T09:45')]);
    expect(await scheduler.tick(DAYTIME)).toEqual({ due: 0, digests: 0 });
    expect(notified).toEqual([]);
  });

  it('announces on the morning after the window what arrived on its last evening', async () => {
    const { scheduler, notified } = schedulerWith(async () => [submittedAt('2020-03-31T21:00')], {
      reviewerIds: [9_000_001],
    });
    expect(await scheduler.tick(new Date('2020-04-01T08:00:00+08:00'))).toEqual({ due: 0, digests: 1 });
    expect(notified.map((n) => n.dedupeKey)).toEqual(['digest:9000001:2020-04-01T08:00']);
  });

  it('does not read the applicants outside working hours when no reminder can be due either', async () => {
    const { scheduler, reads } = schedulerWith(async () => [submittedAt('2020-03-31T21:00')], {
      reviewerIds: [9_000_001],
    });
    await scheduler.tick(new Date('2020-03-25T23:00:00+08:00'));
    await scheduler.tick(new Date('2020-04-05T18:00:00+08:00'));
    expect(reads()).toBe(0);
  });

  it('logs how many reminders and digests a pass handed on', async () => {
    const { scheduler, logged } = schedulerWith(async () => [submittedAt('2020-03-25T09:45')], {
      reviewerIds: [9_000_001],
    });
    await scheduler.tick(DAYTIME);
    expect(logged.join('')).toContain('"due":0,"digests":1');
  });
});
