import { type Applicant, newApplicant } from '../domain/applicant.js';
import type { Lang } from '../domain/text.js';
import type { AppDeps } from './app-deps.js';

/** The person chooses the language the service talks to them in; a first contact creates their record. */
export function chooseLanguage(
  deps: Pick<AppDeps, 'flow' | 'clock' | 'applicants'>,
  userId: number,
  chatId: number,
  lang: Lang,
): Promise<Applicant> {
  return deps.applicants.update(userId, (current) => {
    const now = deps.clock.now();
    const base = current ?? newApplicant({ userId, chatId, lang, flowId: deps.flow.id, now });
    const record = { ...base, lang, updatedAt: now.toISOString() };
    return { record, result: record };
  });
}
