import { beforeAll, describe, expect, it } from 'vitest';
import type { Applicant } from '../../src/domain/applicant.js';
import type { Flow } from '../../src/domain/flow.js';
import { dueReminders, isReminderTime, pendingTask } from '../../src/domain/reminder-rules.js';
import { applicantOf, ELIGIBLE_ANSWERS } from '../helpers/applicants.js';
import { loadCurrentFlow } from '../helpers/flow.js';

let flow: Flow;
beforeAll(async () => {
  flow = await loadCurrentFlow();
});

/** The 2020 window: 2020-03-20 to 2020-03-31, Asia/Shanghai (UTC+8, no summer time). */
const at = (local: string) => new Date(`${local}+08:00`);

// A secondary-school graduate without an assistant's licence cannot apply to be a physician.
const INELIGIBLE_ANSWERS = { ...ELIGIBLE_ANSWERS, education: 'secondary', holdsAssistantLicence: false };

const started = applicantOf(1, {});
const uploading = applicantOf(2, { answers: ELIGIBLE_ANSWERS });
const returned = applicantOf(3, {
  answers: ELIGIBLE_ANSWERS,
  dossier: {
    state: 'returned',
    feedback: { text: '照片模糊', materials: ['identity'], at: '2020-03-24T02:00:00.000Z' },
  },
});
const submitted = applicantOf(4, { answers: ELIGIBLE_ANSWERS, dossier: { state: 'submitted' } });
const approved = applicantOf(5, { answers: ELIGIBLE_ANSWERS, dossier: { state: 'approved' } });
const ineligible = applicantOf(6, { answers: INELIGIBLE_ANSWERS });
const blocked = applicantOf(7, { inactive: true });
const otherFlow = applicantOf(8, { flowId: '2019-weihai' });
const english = applicantOf(9, { lang: 'en' });
const everyone: Applicant[] = [
  started,
  uploading,
  returned,
  submitted,
  approved,
  ineligible,
  blocked,
  otherFlow,
  english,
];

const keysAt = (local: string, applicants: Applicant[] = everyone) =>
  dueReminders(flow, applicants, at(local)).map((n) => n.dedupeKey);

describe('what an applicant still has to do', () => {
  it.each([
    [started, 'interview'],
    [uploading, 'upload'],
    [returned, 'resubmit'],
    [submitted, undefined],
    [approved, undefined],
    [ineligible, undefined],
  ])('applicant %#: %s', (applicant, task) => {
    expect(pendingTask(flow, applicant)).toBe(task);
  });
});

describe('reminders by the calendar of the window (Asia/Shanghai)', () => {
  it.each([
    ['the day before the window, in daytime', '2020-03-19T10:00:00'],
    ['the last minute before the window opens', '2020-03-19T23:59:59'],
    ['the window’s first minute, which is in the quiet hours', '2020-03-20T00:00:00'],
    ['the window’s first morning before its reminder time', '2020-03-20T08:59:59'],
    ['a day inside the window before the daily reminder time', '2020-03-25T09:59:59'],
    ['the first minute after the window, in daytime terms (00:00 local)', '2020-04-01T00:00:00'],
    ['the day after the window', '2020-04-01T10:00:00'],
  ])('sends nothing on %s', (_, local) => {
    expect(keysAt(local)).toEqual([]);
  });

  it('on the first day at the reminder time, tells everyone who started and has something to do that it opened', () => {
    const due = dueReminders(flow, everyone, at('2020-03-20T09:00:00'));
    expect(due.map((n) => n.dedupeKey)).toEqual([
      'reminder:window_open:2020-03-20:1',
      'reminder:window_open:2020-03-20:2',
      'reminder:window_open:2020-03-20:3',
      'reminder:window_open:2020-03-20:9',
    ]);
    expect(due[0]?.html).toContain('网上资格审核已开始：2020-03-20 至 2020-03-31');
    expect(due.every((n) => n.reason === 'window_open' && n.chatId === n.userId)).toBe(true);
  });

  it('on a day in between, reminds daily with the days left and what to do next', () => {
    const due = dueReminders(flow, everyone, at('2020-03-25T10:00:00'));
    expect(due.map((n) => n.dedupeKey)).toEqual([
      'reminder:daily:2020-03-25:1',
      'reminder:daily:2020-03-25:2',
      'reminder:daily:2020-03-25:3',
      'reminder:returned_followup:2020-03-25:3',
      'reminder:daily:2020-03-25:9',
    ]);
    const [interview, upload, resubmit] = due;
    expect(interview?.html).toBe(
      '⏰ 提醒：网上资格审核将于 2020-03-31 24:00 截止，还剩 7 天。\n请发送 /start 继续回答问题，了解需要准备的材料。',
    );
    expect(upload?.html).toContain('/upload');
    expect(resubmit?.html).toContain('请按审核意见修改材料');
  });

  it('writes to an English-speaking applicant in English', () => {
    const [reminder] = dueReminders(flow, [english], at('2020-03-30T12:00:00'));
    expect(reminder?.html).toBe(
      '⏰ Reminder: the online qualification review closes at the end of 2020-03-31; 2 days left.\nSend /start to continue the questions and see which materials you need.',
    );
  });

  it('on the last day says it is the last day, until the quiet hours begin', () => {
    expect(keysAt('2020-03-31T08:59:59', [started])).toEqual([]);
    expect(keysAt('2020-03-31T09:00:00', [started])).toEqual(['reminder:last_day:2020-03-31:1']);
    expect(keysAt('2020-03-31T21:59:59', [started])).toEqual(['reminder:last_day:2020-03-31:1']);
    expect(keysAt('2020-03-31T22:00:00', [started])).toEqual([]);
    expect(dueReminders(flow, [started], at('2020-03-31T12:00:00'))[0]?.html).toContain('最后一天');
  });

  it('keeps the same key all day, so the outbox sends each reason once a day however often the pass runs', () => {
    expect(keysAt('2020-03-26T10:00:00', [started])).toEqual(keysAt('2020-03-26T21:50:00', [started]));
    expect(keysAt('2020-03-27T10:00:00', [started])).toEqual(['reminder:daily:2020-03-27:1']);
  });

  it('evaluates the day and the hour in the flow’s time zone, not UTC', () => {
    // 01:59 UTC on the 25th is 09:59 in Shanghai: before the daily reminder; 02:00 UTC is 10:00.
    expect(dueReminders(flow, [started], new Date('2020-03-25T01:59:00Z'))).toEqual([]);
    expect(dueReminders(flow, [started], new Date('2020-03-25T02:00:00Z')).map((n) => n.dedupeKey)).toEqual([
      'reminder:daily:2020-03-25:1',
    ]);
    // 16:00 UTC on the 31st is midnight in Shanghai: the window has closed.
    expect(dueReminders(flow, [started], new Date('2020-03-31T16:00:00Z'))).toEqual([]);
  });
});

describe('quiet hours (22:00–08:00 local)', () => {
  it.each([
    ['2020-03-25T22:00:00', false],
    ['2020-03-25T23:30:00', false],
    ['2020-03-26T03:00:00', false],
    ['2020-03-26T07:59:59', false],
    ['2020-03-26T08:00:00', true],
    ['2020-03-26T21:59:59', true],
  ])('at %s a reminder may be sent: %s', (local, allowed) => {
    expect(isReminderTime(flow, at(local))).toBe(allowed);
    expect(keysAt(local, [returned]).length > 0).toBe(allowed);
  });

  it('allows nothing outside the window even in daytime', () => {
    expect(isReminderTime(flow, at('2020-04-02T12:00:00'))).toBe(false);
  });
});

describe('the follow-up 24 hours after a return that was not resubmitted', () => {
  const returnedAt = (iso: string, state: 'returned' | 'submitted' = 'returned') =>
    applicantOf(3, {
      answers: ELIGIBLE_ANSWERS,
      dossier: { state, feedback: { text: '请重拍身份证', materials: ['identity'], at: iso } },
    });
  const followUps = (applicant: Applicant, local: string) =>
    dueReminders(flow, [applicant], at(local))
      .filter((n) => n.reason === 'returned_followup')
      .map((n) => n.dedupeKey);

  it('is not due before 24 hours have passed', () => {
    expect(followUps(returnedAt('2020-03-24T08:00:00+08:00'), '2020-03-25T07:59:59')).toEqual([]);
    expect(followUps(returnedAt('2020-03-24T11:00:00+08:00'), '2020-03-25T10:59:59')).toEqual([]);
  });

  it('is due from 24 hours after the return, with its own text', () => {
    const applicant = returnedAt('2020-03-24T11:00:00+08:00');
    expect(followUps(applicant, '2020-03-25T11:00:00')).toEqual(['reminder:returned_followup:2020-03-25:3']);
    const [reminder] = dueReminders(flow, [applicant], at('2020-03-25T11:00:00')).filter(
      (n) => n.reason === 'returned_followup',
    );
    expect(reminder?.html).toContain('已退回超过 24 小时');
    expect(reminder?.html).toContain('截止 2020-03-31');
  });

  it('waits for the morning when it falls due at night, keeping the key of the day it fell due', () => {
    const applicant = returnedAt('2020-03-24T23:00:00+08:00');
    expect(followUps(applicant, '2020-03-25T23:00:00')).toEqual([]);
    expect(followUps(applicant, '2020-03-26T08:00:00')).toEqual(['reminder:returned_followup:2020-03-25:3']);
  });

  it('is not sent once the dossier was resubmitted', () => {
    expect(followUps(returnedAt('2020-03-24T11:00:00+08:00', 'submitted'), '2020-03-25T12:00:00')).toEqual(
      [],
    );
  });

  it('is not sent after the window has closed', () => {
    expect(followUps(returnedAt('2020-03-31T11:00:00+08:00'), '2020-04-01T12:00:00')).toEqual([]);
  });
});

describe('who is never reminded', () => {
  it('skips applicants who blocked the bot, belong to another flow, submitted, were decided, or cannot apply', () => {
    const userIds = dueReminders(flow, everyone, at('2020-03-26T12:00:00')).map((n) => n.userId);
    for (const skipped of [submitted, approved, ineligible, blocked, otherFlow]) {
      expect(userIds).not.toContain(skipped.userId);
    }
  });

  it('sends at most one reminder per applicant, reason and day', () => {
    const keys = keysAt('2020-03-26T12:00:00');
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('reminder texts', () => {
  it('escapes the flow’s plain text for Telegram HTML', () => {
    const withMarkup: Flow = {
      ...flow,
      reminders: {
        ...flow.reminders,
        daily: { at: '10:00', text: { zh: '截止 <{end}> & 还剩 {days} 天', en: 'x' } },
      },
    };
    const [reminder] = dueReminders(withMarkup, [started], at('2020-03-25T10:00:00'));
    expect(reminder?.html.split('\n')[0]).toBe('截止 &lt;2020-03-31&gt; &amp; 还剩 7 天');
  });
});
