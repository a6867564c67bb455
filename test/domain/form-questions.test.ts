import { beforeAll, describe, expect, it } from 'vitest';
import type { Applicant } from '../../src/domain/applicant.js';
import type { Flow } from '../../src/domain/flow.js';
import {
  type FillInput,
  type FillStep,
  fieldsToFill,
  formsOfChecklist,
  readFillAnswer,
  stepFormFill,
} from '../../src/domain/form-questions.js';
import { applicantOf, ELIGIBLE_ANSWERS } from '../helpers/applicants.js';
import { loadCurrentFlow } from '../helpers/flow.js';

const NOW = new Date('2020-03-20T10:00:00+08:00');
/** A valid number (check character 2) and the same number with its last digit mistyped. */
const VALID_ID = '11010519491231002X';
const MISTYPED_ID = '110105194912310021';
const GRADUATING = {
  target: 'physician',
  category: 'clinical',
  education: 'graduate',
  graduateStatus: 'graduating_this_year',
  schoolInShandong: true,
  idCardLost: false,
};

let flow: Flow;
beforeAll(async () => {
  flow = await loadCurrentFlow();
});

const drawable = () => undefined;

/** Applies inputs in order, each to the record the last one left; returns every step. */
function fill(applicant: Applicant, ...inputs: FillInput[]): FillStep[] {
  const steps: FillStep[] = [];
  let current = applicant;
  for (const input of inputs) {
    const step = stepFormFill(flow, current, input, NOW, drawable);
    steps.push(step);
    if (step.ok) current = step.applicant;
  }
  return steps;
}
const last = (steps: FillStep[]) => steps[steps.length - 1] as FillStep;

describe('which forms and details an applicant is asked', () => {
  it('gives a bachelor the probation certificate (附件2) and asks its nine details, birth month included', () => {
    const a = applicantOf(1, { answers: ELIGIBLE_ANSWERS });
    expect(formsOfChecklist(flow, a)).toEqual(['annex2']);
    expect(fieldsToFill(flow, a)).toEqual([
      'name',
      'gender',
      'birth',
      'ethnicity',
      'major',
      'education',
      'educationDate',
      'idNumber',
      'category',
    ]);
  });

  it('gives a graduating postgraduate 附件4 and asks school, major, graduation date, ID number and phone', () => {
    const a = applicantOf(1, { answers: GRADUATING });
    expect(formsOfChecklist(flow, a)).toEqual(['annex4']);
    expect(fieldsToFill(flow, a)).toEqual(['school', 'major', 'graduationDate', 'idNumber', 'phone']);
  });

  it('gives no form before the interview is finished', () => {
    expect(formsOfChecklist(flow, applicantOf(1))).toEqual([]);
    expect(stepFormFill(flow, applicantOf(1), { type: 'start' }, NOW, drawable)).toEqual({
      ok: false,
      reason: 'none',
    });
  });
});

describe('reading a typed detail', () => {
  it.each([
    ['birth', '1996-7', '1996-07'],
    ['birth', '1996年7月', '1996-07'],
    ['birth', '１９９６．０７', '1996-07'],
    ['educationDate', '201906', '2019-06'],
    ['graduationDate', '2020年6月30日', '2020-06-30'],
    ['graduationDate', '2020.6.3', '2020-06-03'],
    ['idNumber', '110105 19491231 002x', VALID_ID],
    ['name', '  张  三 ', '张 三'],
  ] as const)('reads %s typed as %j as %j', (field, typed, value) => {
    expect(readFillAnswer(field, typed, NOW)).toEqual({ ok: true, value });
  });

  it.each([
    ['idNumber', MISTYPED_ID, 'fillInvalidIdCheck'],
    ['idNumber', '11010519491331002X', 'fillInvalidIdBirth'],
    ['idNumber', '1101051949', 'fillInvalidIdFormat'],
    ['birth', 'last summer', 'fillInvalidYearMonth'],
    ['graduationDate', '2020-02-30', 'fillInvalidDate'],
    ['phone', 'call me', 'fillInvalidPhone'],
    ['name', '张'.repeat(21), 'fillInvalidText'],
  ] as const)('refuses %s typed as %j with %s', (field, typed, text) => {
    const read = readFillAnswer(field, typed, NOW);
    expect(read.ok).toBe(false);
    expect(!read.ok && read.problem.text).toBe(text);
  });
});

describe('filling the details step by step', () => {
  it('asks each field in turn, keeps answers, and ends after the last', () => {
    const a = applicantOf(1, { answers: GRADUATING });
    const steps = fill(
      a,
      { type: 'start' },
      { type: 'skip', field: 'school' },
      { type: 'type', text: '临床医学' },
      { type: 'type', text: '2020-06-30' },
      { type: 'type', text: VALID_ID },
      { type: 'type', text: '13800138000' },
    );
    expect(steps.map((s) => s.ok && s.asking)).toEqual([
      'school',
      'major',
      'graduationDate',
      'idNumber',
      'phone',
      undefined,
    ]);
    const done = last(steps);
    expect(done.ok && done.applicant.formFill).toEqual({
      major: '临床医学',
      idNumber: VALID_ID,
      graduationDate: '2020-06-30',
      phone: '13800138000',
    });
    expect(done.ok && done.applicant.fillingForm).toBeUndefined();
  });

  it('refuses a mistyped ID number and asks it again, keeping what was filled', () => {
    const a = applicantOf(1, { answers: GRADUATING });
    const steps = fill(
      a,
      { type: 'start' },
      { type: 'skip', field: 'school' },
      { type: 'type', text: '临床医学' },
      { type: 'skip', field: 'graduationDate' },
      { type: 'type', text: MISTYPED_ID },
    );
    const refused = last(steps);
    expect(refused).toMatchObject({ ok: false, reason: 'invalid', asking: 'idNumber' });
    expect(!refused.ok && refused.reason === 'invalid' && refused.applicant.formFill).toEqual({
      major: '临床医学',
    });
  });

  it('keeps an earlier value when a field is skipped on a second round', () => {
    const a = { ...applicantOf(1, { answers: GRADUATING }), formFill: { major: '临床医学' } };
    const steps = fill(
      a,
      { type: 'start' },
      { type: 'skip', field: 'school' },
      { type: 'skip', field: 'major' },
      { type: 'stop' },
    );
    const done = last(steps);
    expect(done.ok && done.applicant.formFill).toEqual({ major: '临床医学' });
  });

  it('takes a choice from its buttons and refuses one that is not offered', () => {
    const a = applicantOf(1, { answers: ELIGIBLE_ANSWERS });
    const [, named, chosen] = fill(
      a,
      { type: 'start' },
      { type: 'type', text: '张三' },
      { type: 'choose', field: 'gender', choice: 1 },
    );
    expect(named?.ok && named.asking).toBe('gender');
    expect(chosen?.ok && chosen.applicant.formFill).toEqual({ name: '张三', gender: '女' });
    const atGender = named?.ok ? named.applicant : a;
    expect(
      stepFormFill(flow, atGender, { type: 'choose', field: 'gender', choice: 7 }, NOW, drawable),
    ).toEqual({
      ok: false,
      reason: 'stale',
    });
  });

  it('treats a button for another field, or any button when nothing is asked, as stale', () => {
    const a = applicantOf(1, { answers: ELIGIBLE_ANSWERS });
    const [started] = fill(a, { type: 'start' });
    const asking = started?.ok ? started.applicant : a;
    expect(stepFormFill(flow, asking, { type: 'skip', field: 'phone' }, NOW, drawable)).toMatchObject({
      reason: 'stale',
    });
    expect(stepFormFill(flow, a, { type: 'skip', field: 'name' }, NOW, drawable)).toMatchObject({
      reason: 'stale',
    });
    expect(stepFormFill(flow, a, { type: 'type', text: '张三' }, NOW, drawable)).toMatchObject({
      reason: 'not_filling',
    });
  });

  it('refuses a name with a character no font can print, naming it', () => {
    const a = applicantOf(1, { answers: ELIGIBLE_ANSWERS });
    const [started] = fill(a, { type: 'start' });
    const asking = started?.ok ? started.applicant : a;
    const step = stepFormFill(flow, asking, { type: 'type', text: '王𪚥' }, NOW, (s) =>
      s.includes('𪚥') ? '𪚥' : undefined,
    );
    expect(step).toMatchObject({
      ok: false,
      reason: 'invalid',
      problem: { text: 'fillUndrawable', vars: { char: '𪚥' } },
    });
  });
});
