import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Applicant } from '../../src/domain/applicant.js';
import type { DossierState } from '../../src/domain/dossier.js';
import type { Flow } from '../../src/domain/flow.js';
import { digestSlotOf, isReviewerDigestTime, reviewerDigests } from '../../src/domain/reviewer-digest.js';
import { resolveFlowPath } from '../../src/flows/flow-file.js';
import { checkFlowSource } from '../../src/flows/load-flow.js';
import { applicantOf, ELIGIBLE_ANSWERS } from '../helpers/applicants.js';
import { loadCurrentFlow } from '../helpers/flow.js';

let flow: Flow;
beforeAll(async () => {
  flow = await loadCurrentFlow();
});

/** Asia/Shanghai is UTC+8 all year; the 2020 flow's reviewers work 08:00–18:00 there. */
const at = (local: string) => new Date(`${local}+08:00`);
const REVIEWERS = [9_000_001, 9_000_002];

let nextId = 1;
function dossier(local: string, state: DossierState = 'submitted'): Applicant {
  nextId += 1;
  return applicantOf(nextId, {
    answers: ELIGIBLE_ANSWERS,
    dossier: { state, submittedAt: at(local).toISOString() },
  });
}

/** For each due digest: the reviewer, the key's slot and the message. */
const digestsAt = (now: string, applicants: Applicant[], reviewers = REVIEWERS, f = flow) =>
  reviewerDigests(f, applicants, reviewers, at(now)).map((n) => ({
    to: n.chatId,
    key: n.dedupeKey,
    html: n.html,
  }));

const countsOf = (html: string) => html.match(/新提交 (\d+) 份材料待审核（共 (\d+) 份待审核）/)?.slice(1);

describe('the reviewers’ digest of new submissions', () => {
  it('tells each reviewer, once, of what arrived in the previous half hour, and of the whole queue', () => {
    const applicants = [
      dossier('2020-03-25T09:05'),
      dossier('2020-03-25T10:10'),
      dossier('2020-03-25T10:29'),
    ];
    const due = digestsAt('2020-03-25T10:30', applicants);
    expect(due).toEqual([
      {
        to: 9_000_001,
        key: 'digest:9000001:2020-03-25T10:30',
        html: '📥 新提交 2 份材料待审核（共 3 份待审核）。发送 /queue 查看。',
      },
      {
        to: 9_000_002,
        key: 'digest:9000002:2020-03-25T10:30',
        html: '📥 新提交 2 份材料待审核（共 3 份待审核）。发送 /queue 查看。',
      },
    ]);
  });

  it('gives every pass in a slot the same key, so the outbox sends the slot’s digest once', () => {
    const applicants = [dossier('2020-03-25T10:10')];
    const keys = ['10:30', '10:40', '10:59:59'].map((time) =>
      digestsAt(`2020-03-25T${time}`, applicants, [9_000_001]).map((d) => d.key),
    );
    expect(keys).toEqual([
      ['digest:9000001:2020-03-25T10:30'],
      ['digest:9000001:2020-03-25T10:30'],
      ['digest:9000001:2020-03-25T10:30'],
    ]);
  });

  it('leaves an arrival after the slot’s start to the next slot', () => {
    const applicants = [dossier('2020-03-25T10:30')];
    expect(digestsAt('2020-03-25T10:45', applicants)).toEqual([]);
    expect(countsOf(digestsAt('2020-03-25T11:00', applicants)[0]?.html ?? '')).toEqual(['1', '1']);
    expect(digestsAt('2020-03-25T11:30', applicants)).toEqual([]);
  });

  it('sends nothing when nothing new arrived, however long the queue', () => {
    const applicants = [dossier('2020-03-25T08:10'), dossier('2020-03-25T09:20')];
    expect(digestsAt('2020-03-25T10:30', applicants)).toEqual([]);
  });

  it('counts only dossiers still waiting: one decided or returned since is neither new nor waiting', () => {
    const applicants = [
      dossier('2020-03-25T10:05'),
      dossier('2020-03-25T10:06', 'approved'),
      dossier('2020-03-25T10:07', 'returned'),
      dossier('2020-03-25T10:08', 'rejected'),
      dossier('2020-03-25T10:09', 'draft'),
    ];
    expect(countsOf(digestsAt('2020-03-25T10:30', applicants)[0]?.html ?? '')).toEqual(['1', '1']);
  });

  it('sends one message per reviewer, also when REVIEWER_IDS names one twice, and none without reviewers', () => {
    const applicants = [dossier('2020-03-25T10:10')];
    expect(digestsAt('2020-03-25T10:30', applicants, [7, 7, 8]).map((d) => d.key)).toEqual([
      'digest:7:2020-03-25T10:30',
      'digest:8:2020-03-25T10:30',
    ]);
    expect(digestsAt('2020-03-25T10:30', applicants, [])).toEqual([]);
  });

  describe('working hours (08:00–18:00 in the flow’s time zone)', () => {
    // Something arrived in every half hour of the day before and of this one.
    const allDay = ['2020-03-24', '2020-03-25'].flatMap((day) =>
      Array.from({ length: 48 }, (_, i) => {
        const hh = String(Math.floor(i / 2)).padStart(2, '0');
        return dossier(`${day}T${hh}:${i % 2 === 0 ? '10' : '40'}`);
      }),
    );

    it.each([
      ['07:59', undefined],
      ['08:00', '08:00'],
      ['12:15', '12:00'],
      ['17:30', '17:30'],
      ['17:59:59', '17:30'],
      ['18:00', undefined],
      ['23:00', undefined],
    ])('at %s the due digest is the one of slot %s', (time, slot) => {
      const due = digestsAt(`2020-03-25T${time}`, allDay, [1]);
      expect(due.map((d) => d.key)).toEqual(slot ? [`digest:1:2020-03-25T${slot}`] : []);
      expect(isReviewerDigestTime(flow, at(`2020-03-25T${time}`))).toBe(slot !== undefined);
    });

    it('carries what arrived after the last slot’s start, at night and before 08:00 into the 08:00 digest', () => {
      const applicants = [
        dossier('2020-03-24T17:20'),
        dossier('2020-03-24T17:40'),
        dossier('2020-03-24T18:10'),
        dossier('2020-03-24T23:00'),
        dossier('2020-03-25T07:59'),
      ];
      // 17:20 was announced at 17:30 the day before.
      expect(countsOf(digestsAt('2020-03-24T17:30', applicants)[0]?.html ?? '')).toEqual(['1', '5']);
      expect(digestsAt('2020-03-25T07:50', applicants)).toEqual([]);
      const morning = digestsAt('2020-03-25T08:05', applicants, [1]);
      expect(morning.map((d) => d.key)).toEqual(['digest:1:2020-03-25T08:00']);
      expect(countsOf(morning[0]?.html ?? '')).toEqual(['4', '5']);
    });

    it('reads the hours in the flow’s time zone: UTC’s 08:00 is 16:00 in Shanghai', () => {
      const utc: Flow = { ...flow, timezone: 'UTC' };
      const applicants = [dossier('2020-03-25T15:40')];
      // 16:00 in Shanghai: a working slot there, 08:00 in UTC the first of the day.
      expect(digestsAt('2020-03-25T16:00', applicants, [1]).map((d) => d.key)).toEqual([
        'digest:1:2020-03-25T16:00',
      ]);
      expect(digestsAt('2020-03-25T16:00', applicants, [1], utc).map((d) => d.key)).toEqual([
        'digest:1:2020-03-25T08:00',
      ]);
      // 07:30 UTC is 15:30 in Shanghai: work there, night in UTC.
      expect(digestsAt('2020-03-25T15:30', [dossier('2020-03-25T15:10')], [1])).toHaveLength(1);
      expect(digestsAt('2020-03-25T15:30', [dossier('2020-03-25T15:10')], [1], utc)).toEqual([]);
    });
  });

  it('over a day of passes every ten minutes: at most one digest per reviewer in any 30 minutes, each arrival announced once', () => {
    const arrivals = [
      '2020-03-24T16:55',
      '2020-03-24T17:45',
      '2020-03-24T21:00',
      '2020-03-25T06:00',
      '2020-03-25T08:00',
      '2020-03-25T08:01',
      '2020-03-25T08:29:59',
      '2020-03-25T08:30',
      '2020-03-25T09:15',
      '2020-03-25T12:00',
      '2020-03-25T12:03',
      '2020-03-25T17:59',
    ];
    const applicants = arrivals.map((time) => dossier(time));
    const sent = new Map<string, { at: number; count: number }>();
    const start = at('2020-03-24T16:00').getTime();
    for (let now = start; now <= at('2020-03-26T09:00').getTime(); now += 10 * 60_000) {
      for (const n of reviewerDigests(flow, applicants, [1], new Date(now))) {
        // The outbox records a key once.
        if (!sent.has(n.dedupeKey)) sent.set(n.dedupeKey, { at: now, count: Number(countsOf(n.html)?.[0]) });
      }
    }
    const times = [...sent.values()].map((s) => s.at);
    for (let i = 1; i < times.length; i += 1)
      expect((times[i] as number) - (times[i - 1] as number)).toBeGreaterThanOrEqual(30 * 60_000);
    expect([...sent.values()].reduce((sum, s) => sum + s.count, 0)).toBe(arrivals.length);
    expect([...sent.keys()]).toEqual([
      'digest:1:2020-03-24T17:00',
      'digest:1:2020-03-25T08:00',
      'digest:1:2020-03-25T08:30',
      'digest:1:2020-03-25T09:00',
      'digest:1:2020-03-25T09:30',
      'digest:1:2020-03-25T12:30',
      'digest:1:2020-03-26T08:00',
    ]);
  });

  it.each([
    ['2020-03-25T10:29:59.999+08:00', '2020-03-25T02:00:00.000Z', 'Asia/Shanghai'],
    ['2020-03-25T10:30:00.000+08:00', '2020-03-25T02:30:00.000Z', 'Asia/Shanghai'],
    // Kathmandu is UTC+5:45: slots still start on its own hour and half hour.
    ['2020-03-25T10:44:00.000+05:45', '2020-03-25T04:45:00.000Z', 'Asia/Kathmandu'],
  ])('places %s in the slot starting %s (%s)', (now, slot, zone) => {
    expect(digestSlotOf(new Date(now), zone).toISOString()).toBe(slot);
  });
});

describe('the flow’s reviewerHours', () => {
  const source = readFileSync(resolveFlowPath(undefined, process.cwd()), 'utf8');
  const problemsOf = (hours: string) => {
    const find = 'reviewerHours: { from: "08:00", to: "18:00" }';
    expect(source).toContain(find);
    return checkFlowSource(source.replace(find, `reviewerHours: ${hours}`)).problems.map(
      (p) => `${p.path}: ${p.message}`,
    );
  };

  it('refuses hours off the hour or half hour, naming the place', () => {
    expect(problemsOf('{ from: "08:15", to: "18:00" }')).toEqual([
      'reminders.reviewerHours.from: 08:15 is not on the hour or half hour; digests go out at :00 and :30, e.g. 08:00 or 17:30',
    ]);
  });

  it('refuses hours that end before they start', () => {
    expect(problemsOf('{ from: "18:00", to: "08:00" }')).toEqual([
      'reminders.reviewerHours.to: 08:00 is not after 18:00; expected daytime hours such as from 08:00 to 18:00',
    ]);
  });
});
