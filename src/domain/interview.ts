import { buildChecklist } from './checklist.js';
import type { Facts, FactValue } from './condition.js';
import { holds, readsChecklist } from './condition.js';
import { isValidFactValue, withDefaults } from './facts.js';
import type { FactDef, Flow, Question } from './flow.js';

/** The applicant's answers so far, by fact name. */
export type Answers = Readonly<Record<string, FactValue>>;

/**
 * The questions that matter for `answers`, in the flow's order, with the facts that follow from them.
 * A question counts only while its `when` holds for the answers to the questions before it; an answer to a
 * question that no longer matters (after an earlier answer changed) is ignored.
 */
export function relevantQuestions(flow: Flow, answers: Answers): { questions: Question[]; facts: Facts } {
  const kept: Record<string, FactValue> = {};
  const questions: Question[] = [];
  for (const question of flow.questions) {
    if (question.when) {
      const facts = withDefaults(flow, kept);
      const materials = readsChecklist(question.when)
        ? new Set(buildChecklist(flow, facts).materials.map((m) => m.id))
        : undefined;
      if (!holds(question.when, { facts, ...(materials && { materials }) })) continue;
    }
    questions.push(question);
    const answer = answers[question.fact];
    if (answer !== undefined) kept[question.fact] = answer;
  }
  return { questions, facts: withDefaults(flow, kept) };
}

/** The answers that still matter: what `relevantQuestions` keeps. */
export function pruneAnswers(flow: Flow, answers: Answers): Answers {
  const { questions } = relevantQuestions(flow, answers);
  const pruned: Record<string, FactValue> = {};
  for (const q of questions) {
    const value = answers[q.fact];
    if (value !== undefined) pruned[q.fact] = value;
  }
  return pruned;
}

/** The next question to ask, or undefined when the interview is complete. */
export function nextQuestion(flow: Flow, answers: Answers): Question | undefined {
  return relevantQuestions(flow, answers).questions.find((q) => answers[q.fact] === undefined);
}

export type AnswerResult =
  | { ok: true; answers: Answers }
  | { ok: false; reason: 'not_asked' | 'invalid_value' };

/**
 * Records an answer. Refused when the question does not matter for the current answers (a stale button)
 * or the value is not valid for the fact. Answers that stop mattering are dropped, so that a question that
 * becomes relevant again is asked again rather than silently reusing an old answer.
 */
export function answerQuestion(flow: Flow, answers: Answers, fact: string, value: unknown): AnswerResult {
  const def = flow.facts[fact];
  if (!def || !relevantQuestions(flow, answers).questions.some((q) => q.fact === fact)) {
    return { ok: false, reason: 'not_asked' };
  }
  if (!isValidFactValue(def, value)) return { ok: false, reason: 'invalid_value' };
  return { ok: true, answers: pruneAnswers(flow, { ...answers, [fact]: value }) };
}

/** Goes back one question: forgets the answer to the last answered question that matters. */
export function goBack(flow: Flow, answers: Answers): Answers {
  const answered = relevantQuestions(flow, answers).questions.filter((q) => answers[q.fact] !== undefined);
  const last = answered.at(-1);
  if (!last) return answers;
  const { [last.fact]: _dropped, ...rest } = answers;
  return rest;
}

/** The choices a question offers as buttons, or undefined when the answer is typed (numbers). */
export function choicesOf(def: FactDef): FactValue[] | undefined {
  if (def.type === 'enum') return Object.keys(def.values);
  if (def.type === 'boolean') return [true, false];
  return undefined;
}

/**
 * Reads a typed number the way applicants write it: "3", "３", "2.5", "3年", " 4 ".
 * Returns undefined when the text holds no single number.
 */
export function parseTypedNumber(text: string): number | undefined {
  const ascii = text.normalize('NFKC').trim();
  const match = /^(\d+(?:\.\d+)?)\s*(年|个|家|years?|units?)?$/i.exec(ascii);
  return match ? Number(match[1]) : undefined;
}
