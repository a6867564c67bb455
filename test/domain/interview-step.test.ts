import { beforeAll, describe, expect, it } from 'vitest';
import type { Applicant } from '../../src/domain/applicant.js';
import type { Flow } from '../../src/domain/flow.js';
import { type InterviewInput, stepInterview } from '../../src/domain/interview-step.js';
import { applicantOf, ELIGIBLE_ANSWERS } from '../helpers/applicants.js';
import { loadCurrentFlow } from '../helpers/flow.js';

let flow: Flow;
beforeAll(async () => {
  flow = await loadCurrentFlow();
});

const NOW = new Date('2020-03-25T01:00:00Z');
const q = (fact: string) => flow.questions.findIndex((question) => question.fact === fact);
const fresh = () => ({ ...applicantOf(1, { answers: {} }), revision: 4 });
const started = () => ({ ...applicantOf(1, { answers: { target: 'physician' } }), revision: 4 });
const finished = () => ({ ...applicantOf(1, { answers: ELIGIBLE_ANSWERS }), revision: 4 });

describe('one step of the interview', () => {
  const cases: {
    name: string;
    applicant: () => Applicant;
    input: () => InterviewInput;
    ok: boolean;
    reason?: string;
    answers?: Record<string, unknown>;
    editing?: string;
  }[] = [
    {
      name: 'records a chosen answer and bumps the revision',
      applicant: fresh,
      input: () => ({ type: 'choose', revision: 4, question: q('target'), option: 0 }),
      ok: true,
      answers: { target: 'physician' },
    },
    {
      name: 'refuses a button drawn at another revision as stale',
      applicant: fresh,
      input: () => ({ type: 'choose', revision: 3, question: q('target'), option: 0 }),
      ok: false,
      reason: 'stale',
    },
    {
      name: 'refuses an answer to a question not being asked as stale',
      applicant: started,
      input: () => ({ type: 'choose', revision: 4, question: q('target'), option: 1 }),
      ok: false,
      reason: 'stale',
    },
    {
      name: 'refuses an option the question does not have as stale',
      applicant: fresh,
      input: () => ({ type: 'choose', revision: 4, question: q('target'), option: 99 }),
      ok: false,
      reason: 'stale',
    },
    {
      name: 'asks for the buttons when text answers a choice',
      applicant: fresh,
      input: () => ({ type: 'type', text: '执业医师' }),
      ok: false,
      reason: 'use_buttons',
    },
    {
      name: 'says nothing is asked once the interview is finished',
      applicant: finished,
      input: () => ({ type: 'type', text: '3' }),
      ok: false,
      reason: 'no_question',
    },
    {
      name: 'goes back one question',
      applicant: started,
      input: () => ({ type: 'back', revision: 4 }),
      ok: true,
      answers: {},
    },
    {
      name: 'opens an earlier answer to change it',
      applicant: finished,
      input: () => ({ type: 'edit', revision: 4, question: q('education') }),
      ok: true,
      editing: 'education',
    },
    {
      name: 'refuses to change a question that was never asked',
      applicant: started,
      input: () => ({ type: 'edit', revision: 4, question: q('education') }),
      ok: false,
      reason: 'stale',
    },
    {
      name: 'clears every answer on a confirmed reset',
      applicant: finished,
      input: () => ({ type: 'reset', revision: 4 }),
      ok: true,
      answers: {},
    },
    {
      name: 'refuses every change once the dossier is submitted',
      applicant: () => ({ ...finished(), dossier: { ...finished().dossier, state: 'submitted' } }),
      input: () => ({ type: 'reset', revision: 4 }),
      ok: false,
      reason: 'locked',
    },
  ];

  it.each(cases)('$name', ({ applicant, input, ok, reason, answers, editing }) => {
    const step = stepInterview(flow, applicant(), input(), NOW);
    expect(step.ok).toBe(ok);
    if (!step.ok) return void expect(step.reason).toBe(reason);
    expect(step.applicant.revision).toBe(5);
    expect(step.applicant.updatedAt).toBe(NOW.toISOString());
    if (answers) expect(step.applicant.answers).toEqual(answers);
    if (editing) expect(step.applicant.editing).toBe(editing);
  });

  it('reads a typed number for a question that asks one, and says which question could not read it', () => {
    const atInstitutions = {
      ...applicantOf(1, { answers: { ...ELIGIBLE_ANSWERS, institutions: undefined } as never }),
      revision: 4,
    };
    const unread = stepInterview(flow, atInstitutions, { type: 'type', text: '好几个' }, NOW);
    expect(unread).toMatchObject({ ok: false, reason: 'not_number', question: { fact: 'institutions' } });
    const read = stepInterview(flow, atInstitutions, { type: 'type', text: '２个' }, NOW);
    expect(read.ok && read.applicant.answers.institutions).toBe(2);
  });
});
