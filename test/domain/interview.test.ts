import { beforeAll, describe, expect, it } from 'vitest';
import type { Flow } from '../../src/domain/flow.js';
import {
  type Answers,
  answerQuestion,
  goBack,
  nextQuestion,
  parseTypedNumber,
  relevantQuestions,
} from '../../src/domain/interview.js';
import { loadCurrentFlow } from '../helpers/flow.js';

let flow: Flow;
beforeAll(async () => {
  flow = await loadCurrentFlow();
});

/** Answers the questions in order, as an applicant pressing buttons would; fails on a refused answer. */
function interview(steps: [string, unknown][]): Answers {
  let answers: Answers = {};
  for (const [fact, value] of steps) {
    expect(nextQuestion(flow, answers)?.fact).toBe(fact);
    const result = answerQuestion(flow, answers, fact, value);
    if (!result.ok) throw new Error(`${fact}=${String(value)} refused: ${result.reason}`);
    answers = result.answers;
  }
  return answers;
}

describe('the interview', () => {
  it('asks a 本科 physician only what matters, then ends', () => {
    const answers = interview([
      ['target', 'physician'],
      ['category', 'clinical'],
      ['education', 'bachelor'],
      ['upgradedFromCollege', true],
      ['diplomaLost', false],
      ['idCardLost', false],
      ['institutions', 1],
    ]);
    expect(nextQuestion(flow, answers)).toBeUndefined();
  });

  it('asks a 中专 physician for the licence and years, never for 专升本, and stops once ineligible', () => {
    const answers = interview([
      ['target', 'physician'],
      ['category', 'tcm'],
      ['education', 'secondary'],
      ['holdsAssistantLicence', true],
      ['assistantPracticeYears', 4],
    ]);
    const asked = relevantQuestions(flow, answers).questions.map((q) => q.fact);
    expect(asked).not.toContain('upgradedFromCollege');
    expect(asked).not.toContain('institutions');
    expect(nextQuestion(flow, answers)).toBeUndefined();
  });

  it('asks a mentorship applicant neither category nor education', () => {
    const answers = interview([
      ['target', 'mentorship_assistant'],
      ['idCardLost', true],
      ['institutions', 2],
    ]);
    expect(nextQuestion(flow, answers)).toBeUndefined();
  });

  it('asks whether the school is in Shandong only of a graduating postgraduate', () => {
    const answers = interview([
      ['target', 'physician'],
      ['category', 'clinical'],
      ['education', 'graduate'],
      ['graduateStatus', 'graduating_this_year'],
      ['schoolInShandong', false],
    ]);
    expect(nextQuestion(flow, answers)).toBeUndefined();
  });

  it('refuses an answer to a question that does not matter now (a stale button)', () => {
    const answers = interview([['target', 'mentorship_assistant']]);
    expect(answerQuestion(flow, answers, 'education', 'bachelor')).toEqual({
      ok: false,
      reason: 'not_asked',
    });
  });

  it('refuses a value the fact does not have (a tampered button)', () => {
    expect(answerQuestion(flow, {}, 'target', 'surgeon')).toEqual({ ok: false, reason: 'invalid_value' });
    const answers = interview([
      ['target', 'physician'],
      ['category', 'clinical'],
      ['education', 'college'],
      ['holdsAssistantLicence', true],
    ]);
    expect(answerQuestion(flow, answers, 'assistantPracticeYears', -1)).toEqual({
      ok: false,
      reason: 'invalid_value',
    });
  });

  it('goes back one question and asks it again', () => {
    const answers = interview([
      ['target', 'physician'],
      ['category', 'clinical'],
    ]);
    const back = goBack(flow, answers);
    expect(back).toEqual({ target: 'physician' });
    expect(nextQuestion(flow, back)?.fact).toBe('category');
    expect(goBack(flow, {})).toEqual({});
  });

  it('changing an earlier answer drops the answers that stop mattering and asks the new ones', () => {
    const answers = interview([
      ['target', 'physician'],
      ['category', 'clinical'],
      ['education', 'college'],
      ['holdsAssistantLicence', true],
      ['assistantPracticeYears', 3],
      ['diplomaLost', false],
      ['idCardLost', false],
    ]);
    const changed = answerQuestion(flow, answers, 'education', 'bachelor');
    expect(changed.ok).toBe(true);
    if (!changed.ok) return;
    expect(changed.answers).not.toHaveProperty('holdsAssistantLicence');
    expect(changed.answers).not.toHaveProperty('assistantPracticeYears');
    expect(changed.answers.idCardLost).toBe(false);
    expect(nextQuestion(flow, changed.answers)?.fact).toBe('upgradedFromCollege');
  });
});

describe('parseTypedNumber', () => {
  it.each([
    ['3', 3],
    ['３', 3],
    [' 2.5 ', 2.5],
    ['5年', 5],
    ['2 years', 2],
  ])('reads %j as %d', (text, value) => {
    expect(parseTypedNumber(text)).toBe(value);
  });

  it.each(['', 'three', '3-4', '两年', '1e3', '-2'])('finds no number in %j', (text) => {
    expect(parseTypedNumber(text)).toBeUndefined();
  });
});
