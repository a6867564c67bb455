import type { Applicant } from '../domain/applicant.js';
import { checklistOf } from '../domain/applicant-progress.js';
import type { ChecklistMaterial } from '../domain/checklist.js';
import { submissionStamp } from '../domain/review-queue.js';
import type { AppDeps } from './app-deps.js';
import { type DecideOutcome, decideDossier } from './decide-dossier.js';
import type { PendingDecision, ReviewerDrafts } from './ports/reviewer-drafts.js';

type Deps = Pick<AppDeps, 'flow' | 'clock' | 'applicants' | 'notifier'> & {
  readonly reviewers: ReviewerDrafts;
};

export type StartDecisionOutcome =
  | { readonly ok: true; readonly applicant: Applicant; readonly materials: readonly ChecklistMaterial[] }
  /** The submission the reviewer saw is no longer waiting (decided, or resubmitted since). */
  | { readonly ok: false; readonly applicant: Applicant | undefined };

/**
 * A reviewer starts returning or rejecting the submission they saw; the feedback or reason comes with their
 * next text. Refused when that submission is no longer the one waiting.
 */
export async function startDecision(
  deps: Deps,
  reviewerId: number,
  draft: Pick<PendingDecision, 'kind' | 'applicantId' | 'stamp'>,
): Promise<StartDecisionOutcome> {
  const applicant = await deps.applicants.get(draft.applicantId);
  if (applicant?.dossier.state !== 'submitted' || submissionStamp(applicant) !== draft.stamp)
    return { ok: false, applicant };
  await deps.reviewers.setPending(reviewerId, () => ({ ...draft, materials: [] }));
  return { ok: true, applicant, materials: checklistOf(deps.flow, applicant).materials };
}

/**
 * Marks or unmarks a material to redo in the reviewer's return in progress; undefined when that return is
 * not theirs in progress (an old button) or the material is not on the applicant's checklist.
 */
export async function toggleRedo(
  deps: Deps,
  reviewerId: number,
  applicantId: number,
  materialId: string,
): Promise<{ marked: readonly string[]; materials: readonly ChecklistMaterial[] } | undefined> {
  const applicant = await deps.applicants.get(applicantId);
  const materials = applicant ? checklistOf(deps.flow, applicant).materials : [];
  if (!materials.some((m) => m.id === materialId)) return undefined;
  const pending = await deps.reviewers.setPending(reviewerId, (current) => {
    if (current?.applicantId !== applicantId || current.kind !== 'return') return current;
    const marked = current.materials.includes(materialId)
      ? current.materials.filter((id) => id !== materialId)
      : [...current.materials, materialId];
    return { ...current, materials: marked };
  });
  if (pending?.applicantId !== applicantId || pending.kind !== 'return') return undefined;
  return { marked: pending.materials, materials };
}

/** The reviewer's text finishes their decision in progress; undefined when there is none. */
export async function finishDecision(
  deps: Deps,
  reviewerId: number,
  text: string,
): Promise<(DecideOutcome & { readonly applicantId: number }) | undefined> {
  const pending = await deps.reviewers.pending(reviewerId);
  if (!pending) return undefined;
  await deps.reviewers.setPending(reviewerId, () => undefined);
  const said = text.trim().slice(0, 1000);
  const outcome = await decideDossier(
    deps,
    pending.applicantId,
    pending.stamp,
    pending.kind === 'return'
      ? { type: 'return', feedback: said, materials: pending.materials }
      : { type: 'reject', reason: said },
  );
  return { ...outcome, applicantId: pending.applicantId };
}
