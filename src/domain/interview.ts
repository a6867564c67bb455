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
export function relevantQuestions(flow: Flow, answers: Answers): RelevantQuestions {
  let byAnswers = relevantCache.get(flow);
  if (!byAnswers) {
    byAnswers = new WeakMap();
    relevantCache.set(flow, byAnswers);
  }
  const cached = byAnswers.get(answers);
  if (cached) return cached;
  const result = computeRelevantQuestions(flow, answers);
  byAnswers.set(answers, result);
  return result;
}

export interface RelevantQuestions {
  readonly questions: readonly Question[];
  readonly facts: Facts;
}

// Answers are never mutated (every change makes a new object), so results can be kept per answers object:
// one update asks the same answers for the pending question, the heading and the checklist.
const relevantCache = new WeakMap<Flow, WeakMap<Answers, RelevantQuestions>>();

function computeRelevantQuestions(flow: Flow, answers: Answers): RelevantQuestions {
  const questions: Question[] = [];
  // Built up in place as answers are kept: cheaper than a fresh object per question on the hot path.
  const facts: Record<string, FactValue | undefined> = { ...withDefaults(flow, {}) };
  let materials: ReadonlySet<string> | undefined;
  for (const question of flow.questions) {
    if (question.when) {
      if (!materials && readsChecklist(question.when)) {
        materials = new Set(buildChecklist(flow, facts).materials.map((m) => m.id));
      }
      if (!holds(question.when, { facts, ...(materials && { materials }) })) continue;
    }
    questions.push(question);
    const answer = answers[question.fact];
    if (answer !== undefined) {
      facts[question.fact] = answer;
      materials = undefined;
    }
  }
  return { questions, facts };
}

/** The answers that still matter: what `relevantQuestions` keeps. Returns `answers` itself when all do. */
export function pruneAnswers(flow: Flow, answers: Answers): Answers {
  const { questions } = relevantQuestions(flow, answers);
  const pruned: Record<string, FactValue> = {};
  let kept = 0;
  for (const q of questions) {
    const value = answers[q.fact];
    if (value !== undefined) {
      pruned[q.fact] = value;
      kept += 1;
    }
  }
  return kept === Object.keys(answers).length ? answers : pruned;
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
