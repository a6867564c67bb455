import { type Applicant, newApplicant } from '../domain/applicant.js';
import {
  checklistOf as checklistOfApplicant,
  pendingQuestion as pendingQuestionOf,
} from '../domain/applicant-progress.js';
import type { Checklist } from '../domain/checklist.js';
import type { Question } from '../domain/flow.js';
import type { BotDeps } from './bot-deps.js';
import { DEFAULT_LANG } from './update-lang.js';

/** The applicant of this chat, created (Chinese by default) on first contact. */
export function loadOrCreate(
  deps: BotDeps,
  userId: number,
  chatId: number,
): Promise<{ applicant: Applicant; created: boolean }> {
  return deps.applicants.update<{ applicant: Applicant; created: boolean }>(userId, (current) => {
    if (current) return { result: { applicant: current, created: false } };
    const record = newApplicant({
      userId,
      chatId,
      lang: DEFAULT_LANG,
      flowId: deps.flow.id,
      now: deps.clock.now(),
    });
    return { record, result: { applicant: record, created: true } };
  });
}

/** A changed copy of the record, with its revision bumped and the time stamped. */
export function revised(deps: BotDeps, applicant: Applicant, change: Partial<Applicant>): Applicant {
  return {
    ...applicant,
    ...change,
    revision: applicant.revision + 1,
    updatedAt: deps.clock.now().toISOString(),
  };
}

/** The question waiting for an answer: the one being changed, or the next unanswered one. */
export function pendingQuestion(deps: Pick<BotDeps, 'flow'>, applicant: Applicant): Question | undefined {
  return pendingQuestionOf(deps.flow, applicant);
}

/** The checklist for the applicant's answers (only meaningful once the interview is complete). */
export function checklistOf(deps: Pick<BotDeps, 'flow'>, applicant: Applicant): Checklist {
  return checklistOfApplicant(deps.flow, applicant);
}
