import type { Applicant } from './applicant.js';
import { buildChecklist, type Checklist } from './checklist.js';
import type { Flow, Question } from './flow.js';
import { nextQuestion, relevantQuestions } from './interview.js';

/** The question waiting for an answer: the one being changed, or the next unanswered one. */
export function pendingQuestion(flow: Flow, applicant: Applicant): Question | undefined {
  if (applicant.editing) {
    const editing = relevantQuestions(flow, applicant.answers).questions.find(
      (q) => q.fact === applicant.editing,
    );
    if (editing) return editing;
  }
  return nextQuestion(flow, applicant.answers);
}

/** The checklist for the applicant's answers (only meaningful once the interview is complete). */
export function checklistOf(flow: Flow, applicant: Applicant): Checklist {
  return buildChecklist(flow, relevantQuestions(flow, applicant.answers).facts);
}

/** The id of the flow's route the applicant is on, once the interview is done and a route applies. */
export function routeIdOf(flow: Flow, applicant: Applicant): string | undefined {
  return pendingQuestion(flow, applicant) ? undefined : checklistOf(flow, applicant).route?.id;
}
