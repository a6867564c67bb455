import { type Applicant, newApplicant } from '../domain/applicant.js';
import { DEFAULT_LANG } from '../domain/text.js';
import type { AppDeps } from './app-deps.js';

/** The applicant of this chat, created (in the default language, Chinese) on first contact. */
export function openApplicant(
  deps: Pick<AppDeps, 'flow' | 'clock' | 'applicants'>,
  userId: number,
  chatId: number,
): Promise<{ applicant: Applicant; created: boolean }> {
  return deps.applicants.update<{ applicant: Applicant; created: boolean }>(userId, (current) => {
    if (current) return { result: { applicant: current, created: false } };
    const now = deps.clock.now();
    const record = newApplicant({ userId, chatId, lang: DEFAULT_LANG, flowId: deps.flow.id, now });
    return { record, result: { applicant: record, created: true } };
  });
}

/**
 * An applicant who blocked the bot (it was told so by a 403) and writes again is back: messages on the
 * service's own initiative reach them again.
 */
export async function markReturned(deps: Pick<AppDeps, 'applicants'>, userId: number): Promise<void> {
  await deps.applicants.update(userId, (current) => ({
    ...(current?.inactive && { record: { ...current, inactive: false } }),
    result: undefined,
  }));
}
