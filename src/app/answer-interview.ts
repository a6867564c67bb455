import type { Applicant } from '../domain/applicant.js';
import { type InterviewInput, type InterviewStep, stepInterview } from '../domain/interview-step.js';
import type { AppDeps } from './app-deps.js';

/**
 * The applicant answers, goes back, or picks an answer to change: one step of the interview, applied to
 * their record as a unit (two presses arriving together see each other; the second of a duplicate is stale).
 */
export function answerInterview(
  deps: Pick<AppDeps, 'flow' | 'clock' | 'applicants'>,
  userId: number,
  input: InterviewInput,
): Promise<InterviewStep | undefined> {
  return deps.applicants.update<InterviewStep | undefined>(userId, (current) => {
    if (!current) return { result: undefined };
    const step = stepInterview(deps.flow, current, input, deps.clock.now());
    return step.ok ? { record: step.applicant, result: step } : { result: step };
  });
}

/** The applicant's record when the interview message they pressed is current (to list answers to change). */
export async function currentInterview(
  deps: Pick<AppDeps, 'applicants'>,
  userId: number,
  revision: number,
): Promise<Applicant | undefined> {
  const applicant = await deps.applicants.get(userId);
  return applicant?.revision === revision ? applicant : undefined;
}
