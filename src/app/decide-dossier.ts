import type { Applicant } from '../domain/applicant.js';
import { checklistOf } from '../domain/applicant-progress.js';
import { type DossierEvent, transition } from '../domain/dossier.js';
import type { Flow, TextKey } from '../domain/flow.js';
import type { Notification } from '../domain/notifier.js';
import { submissionStamp } from '../domain/review-queue.js';
import { escapeHtml, localize } from '../domain/text.js';
import type { AppDeps } from './app-deps.js';

/** A reviewer's decision on one submission. */
export type Decision =
  | { readonly type: 'approve' }
  | { readonly type: 'return'; readonly feedback: string; readonly materials: readonly string[] }
  | { readonly type: 'reject'; readonly reason: string };

export type DecideOutcome =
  | { readonly ok: true; readonly applicant: Applicant; readonly alert: Notification }
  /** Not decided: the submission the reviewer saw is gone (decided, returned, resubmitted) or unknown. */
  | { readonly ok: false; readonly applicant: Applicant | undefined };

/**
 * A reviewer approves, returns or rejects the submission they saw (`stamp`, see submissionStamp): under the
 * applicant's lock, so of two reviewers deciding at once only the first succeeds. The applicant's alert is
 * recorded in the outbox once the decision is stored (a crash between the two loses the alert, never
 * invents one).
 */
export async function decideDossier(
  deps: Pick<AppDeps, 'flow' | 'clock' | 'applicants' | 'notifier'>,
  applicantId: number,
  stamp: string,
  decision: Decision,
): Promise<DecideOutcome> {
  const at = deps.clock.now().toISOString();
  const event: DossierEvent =
    decision.type === 'return'
      ? { type: 'return', at, feedback: decision.feedback, materials: [...decision.materials] }
      : decision.type === 'reject'
        ? { type: 'reject', at, reason: decision.reason }
        : { type: 'approve', at };
  const outcome = await deps.applicants.update<
    { ok: true; applicant: Applicant } | { ok: false; applicant: Applicant | undefined }
  >(applicantId, (current) => {
    if (!current || submissionStamp(current) !== stamp) return { result: { ok: false, applicant: current } };
    const moved = transition(current.dossier, event);
    if (!moved.ok) return { result: { ok: false, applicant: current } };
    const record = { ...current, dossier: moved.dossier, updatedAt: at };
    return { record, result: { ok: true, applicant: record } };
  });
  if (!outcome.ok) return outcome;
  const alert = decisionAlert(deps.flow, outcome.applicant, event);
  await deps.notifier.notify(alert);
  return { ok: true, applicant: outcome.applicant, alert };
}

/** What the applicant is told about a decision, in their language (Telegram HTML). */
export function decisionAlert(flow: Flow, applicant: Applicant, event: DossierEvent): Notification {
  const { lang } = applicant;
  const say = (key: TextKey, vars?: Record<string, string>) =>
    escapeHtml(localize(flow.texts[key], lang, vars));
  const lines: string[] = [];
  if (event.type === 'return') {
    lines.push(say('alertReturned', { feedback: event.feedback }));
    const titles = event.materials.map((id) => flow.materials[id]?.title[lang] ?? id);
    if (titles.length > 0)
      lines.push(say('alertRedo', { materials: titles.join(localize(flow.texts.listSeparator, lang)) }));
    lines.push(say('alertResubmit'));
  } else if (event.type === 'approve') {
    lines.push(say('alertApproved'));
  } else if (event.type === 'reject') {
    lines.push(say('alertRejected', { reason: event.reason }));
    const phones = checklistOf(flow, applicant).helplines;
    lines.push(say('helplineIntro'), ...phones.map((h) => `☎️ ${escapeHtml(h.label[lang])} ${h.phone}`));
  }
  return {
    userId: applicant.userId,
    chatId: applicant.chatId,
    html: lines.join('\n'),
    reason: `review_${event.type}`,
    dedupeKey: `review:${event.type}:${applicant.userId}:${event.at}`,
  };
}
