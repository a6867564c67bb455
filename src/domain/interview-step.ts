import type { Applicant } from './applicant.js';
import { pendingQuestion } from './applicant-progress.js';
import { isEditable } from './dossier.js';
import type { Flow, Question } from './flow.js';
import { answerQuestion, choicesOf, goBack, parseTypedNumber, relevantQuestions } from './interview.js';

/** What the applicant did in the interview. Button inputs carry the revision their message was drawn at. */
export type InterviewInput =
  | { readonly type: 'choose'; readonly revision: number; readonly question: number; readonly option: number }
  | { readonly type: 'type'; readonly text: string }
  | { readonly type: 'back'; readonly revision: number }
  | { readonly type: 'cancelEdit'; readonly revision: number }
  | { readonly type: 'edit'; readonly revision: number; readonly question: number }
  /** Clear every answer and start over (confirmed). */
  | { readonly type: 'reset'; readonly revision: number };

/** What to show after a step. */
export type InterviewEffect =
  /** The pending question, or the verdict and checklist when every question is answered. */
  | { readonly show: 'next' }
  /** This question, to change its answer. */
  | { readonly show: 'question'; readonly question: Question };

export type InterviewStep =
  | { readonly ok: true; readonly applicant: Applicant; readonly effect: InterviewEffect }
  | {
      readonly ok: false;
      /**
       * stale: an old button, or the question moved on; locked: the dossier is submitted or decided (answers
       * decide the checklist); use_buttons: text typed where a button answers; not_number / out_of_range: a
       * typed answer that cannot be used; no_question: nothing is being asked.
       */
      readonly reason: 'stale' | 'locked' | 'use_buttons' | 'not_number' | 'out_of_range' | 'no_question';
      readonly question?: Question;
    };

/**
 * One step of the interview as a pure function of the applicant's record: the new record (revision bumped,
 * `now` stamped) and what to show, or why the input changes nothing.
 */
export function stepInterview(
  flow: Flow,
  applicant: Applicant,
  input: InterviewInput,
  now: Date,
): InterviewStep {
  if (!isEditable(applicant.dossier.state)) return { ok: false, reason: 'locked' };
  if ('revision' in input && input.revision !== applicant.revision) return { ok: false, reason: 'stale' };
  const changed = (change: Partial<Applicant>): Applicant => ({
    ...applicant,
    ...change,
    revision: applicant.revision + 1,
    updatedAt: now.toISOString(),
  });
  const pending = pendingQuestion(flow, applicant);
  switch (input.type) {
    case 'choose': {
      const question = flow.questions[input.question];
      const def = question && flow.facts[question.fact];
      const value = def && choicesOf(def)?.[input.option];
      if (!question || value === undefined || pending?.fact !== question.fact)
        return { ok: false, reason: 'stale' };
      return answer(question, value);
    }
    case 'type': {
      const def = pending && flow.facts[pending.fact];
      if (!pending || !def) return { ok: false, reason: 'no_question' };
      if (choicesOf(def)) return { ok: false, reason: 'use_buttons', question: pending };
      const typed = parseTypedNumber(input.text);
      if (typed === undefined) return { ok: false, reason: 'not_number', question: pending };
      return answer(pending, typed);
    }
    case 'back':
      return {
        ok: true,
        applicant: changed({ answers: goBack(flow, applicant.answers), editing: undefined }),
        effect: { show: 'next' },
      };
    case 'cancelEdit':
      return { ok: true, applicant: changed({ editing: undefined }), effect: { show: 'next' } };
    case 'reset':
      return { ok: true, applicant: changed({ answers: {}, editing: undefined }), effect: { show: 'next' } };
    case 'edit': {
      const question = flow.questions[input.question];
      const asked = question && relevantQuestions(flow, applicant.answers).questions.includes(question);
      if (!question || !asked || applicant.answers[question.fact] === undefined)
        return { ok: false, reason: 'stale' };
      return {
        ok: true,
        applicant: changed({ editing: question.fact }),
        effect: { show: 'question', question },
      };
    }
  }

  function answer(question: Question, value: unknown): InterviewStep {
    const answered = answerQuestion(flow, applicant.answers, question.fact, value);
    if (!answered.ok)
      return answered.reason === 'not_asked'
        ? { ok: false, reason: 'stale' }
        : { ok: false, reason: 'out_of_range', question };
    return {
      ok: true,
      applicant: changed({ answers: answered.answers, editing: undefined }),
      effect: { show: 'next' },
    };
  }
}
