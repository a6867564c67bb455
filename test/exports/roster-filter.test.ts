import { beforeAll, describe, expect, it } from 'vitest';
import {
  applicantName,
  hasFinishedInterview,
  matchesRosterFilter,
  type RosterFilter,
  specialCases,
} from '../../src/app/roster-filter.js';
import type { Applicant } from '../../src/domain/applicant.js';
import type { Flow } from '../../src/domain/flow.js';
import { applicantOf, ELIGIBLE_ANSWERS, STARTED_ANSWERS } from '../helpers/applicants.js';
import { loadCurrentFlow } from '../helpers/flow.js';
import { NOW } from './export-fixtures.js';

let flow: Flow;
beforeAll(async () => {
  flow = await loadCurrentFlow();
});

const GRADUATING = {
  target: 'physician',
  education: 'graduate',
  graduateStatus: 'graduating_this_year',
  schoolInShandong: true,
  diplomaLost: false,
  idCardLost: false,
  institutions: 1,
} as const;
const DENTAL_LOST_ID = { ...ELIGIBLE_ANSWERS, category: 'dental', idCardLost: true } as const;
const VILLAGE = { target: 'village_general_assistant', diplomaLost: false, idCardLost: false } as const;

/** Submitted `hoursAgo` hours before NOW. */
const submitted = (hoursAgo: number) => ({
  state: 'submitted' as const,
  submittedAt: new Date(NOW.getTime() - hoursAgo * 3_600_000).toISOString(),
});

function people() {
  return {
    clinical: applicantOf(1001, { answers: ELIGIBLE_ANSWERS, dossier: submitted(2) }),
    dentalLostId: applicantOf(20012, { answers: DENTAL_LOST_ID, dossier: submitted(30) }),
    graduating: applicantOf(3003, { answers: GRADUATING, dossier: { state: 'returned' } }),
    village: applicantOf(4004, { answers: VILLAGE, dossier: { state: 'approved' } }),
    named: applicantOf(5005, { answers: { ...ELIGIBLE_ANSWERS, name: '张 Wei' }, dossier: submitted(1) }),
  };
}

function matching(filter: RosterFilter): string[] {
  return Object.entries(people())
    .filter(([, a]) => matchesRosterFilter(flow, a, filter, NOW))
    .map(([who]) => who);
}

describe('the roster filter (the console queue’s filters, shared by the exports)', () => {
  it('lets everyone through when empty', () => {
    expect(matching({})).toEqual(['clinical', 'dentalLostId', 'graduating', 'village', 'named']);
  });

  it.each<[string, RosterFilter, string[]]>([
    ['states', { states: ['returned', 'approved'] }, ['graduating', 'village']],
    ['the exam applied for', { exam: 'village_general_assistant' }, ['village']],
    ['the category', { category: 'dental' }, ['dentalLostId']],
    ['waiting over 24 h since submission', { waitingLong: true }, ['dentalLostId']],
    ['a lost ID card', { facts: { idCardLost: true } }, ['dentalLostId']],
    ['a graduating postgraduate', { facts: { graduateStatus: 'graduating_this_year' } }, ['graduating']],
    ['a user id’s beginning', { search: ' 2001 ' }, ['dentalLostId']],
    ['part of the name in any case', { search: 'wei' }, ['named']],
    ['several fields at once', { states: ['submitted'], category: 'clinical', search: '10' }, ['clinical']],
  ])('keeps only the applicants matching %s', (_, filter, expected) => {
    expect(matching(filter)).toEqual(expected);
  });

  it('filters by the route that decided the checklist', () => {
    const { clinical, graduating } = people();
    const route = (a: Applicant) => {
      const hits = flow.routes.filter((r) => matchesRosterFilter(flow, a, { route: r.id }, NOW));
      return hits.map((r) => r.id);
    };
    expect(route(clinical)).toHaveLength(1);
    expect(route(graduating)).toHaveLength(1);
    expect(route(clinical)).not.toEqual(route(graduating));
  });

  it('finds an applicant by the name they gave for the printed forms', () => {
    const filled = { ...applicantOf(6006, { answers: ELIGIBLE_ANSWERS }), formFill: { name: '李晓明' } };
    expect(applicantName(filled)).toBe('李晓明');
    expect(matchesRosterFilter(flow, filled, { search: '晓明' }, NOW)).toBe(true);
    expect(matchesRosterFilter(flow, filled, { search: '张' }, NOW)).toBe(false);
  });

  it('counts a dossier as waiting long only while it is still undecided', () => {
    const decided = applicantOf(6006, {
      answers: ELIGIBLE_ANSWERS,
      dossier: { state: 'returned', submittedAt: submitted(48).submittedAt },
    });
    expect(matchesRosterFilter(flow, decided, { waitingLong: true }, NOW)).toBe(false);
  });

  it('tells a finished interview from one still under way', () => {
    expect(hasFinishedInterview(flow, applicantOf(1, { answers: ELIGIBLE_ANSWERS }))).toBe(true);
    expect(hasFinishedInterview(flow, applicantOf(2, { answers: STARTED_ANSWERS }))).toBe(false);
  });

  it('offers the flow’s special cases with Chinese labels, the lost ID card and the graduating postgraduate among them', () => {
    const cases = specialCases(flow);
    expect(cases).toContainEqual({
      fact: 'idCardLost',
      value: true,
      label: expect.objectContaining({ zh: '身份证丢失' }),
    });
    expect(cases).toContainEqual({
      fact: 'graduateStatus',
      value: 'graduating_this_year',
      label: expect.objectContaining({ zh: '研究生报考情形：毕业当年报考' }),
    });
    expect(cases.some((c) => c.fact === 'target' || c.fact === 'category')).toBe(false);
  });
});
