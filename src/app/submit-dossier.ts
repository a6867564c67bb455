import type { Applicant } from '../domain/applicant.js';
import { checklistOf } from '../domain/applicant-progress.js';
import type { ChecklistMaterial } from '../domain/checklist.js';
import { missingMaterials, redoPending, transition } from '../domain/dossier.js';
import type { AppDeps } from './app-deps.js';
import { type UploadRefusal, uploadRefusal } from './upload-permission.js';

export type SubmitOutcome =
  | { readonly kind: 'submitted' | 'already'; readonly applicant: Applicant }
  | { readonly kind: 'refused'; readonly applicant: Applicant; readonly refusal: UploadRefusal }
  /** Materials still short of pictures. */
  | {
      readonly kind: 'missing';
      readonly applicant: Applicant;
      readonly materials: readonly ChecklistMaterial[];
    }
  /** A returned dossier whose materials marked for redo have no new picture: submitted only `anyway`. */
  | {
      readonly kind: 'redo_pending';
      readonly applicant: Applicant;
      readonly materials: readonly ChecklistMaterial[];
    }
  | { readonly kind: 'unknown' };

const CLOSED: UploadRefusal = { ok: false, say: 'dossierClosed' };

/**
 * The applicant submits their dossier (提交审核): allowed while it is editable, in the review window, complete,
 * and (after a return) with every material marked for redo redone — or `anyway`, once they confirmed.
 */
export function submitDossier(
  deps: Pick<AppDeps, 'flow' | 'clock' | 'applicants'>,
  userId: number,
  options: { readonly anyway: boolean },
): Promise<SubmitOutcome> {
  return deps.applicants.update<SubmitOutcome>(userId, (current) => {
    if (!current) return { result: { kind: 'unknown' } };
    if (current.dossier.state === 'submitted') return { result: { kind: 'already', applicant: current } };
    const refusal = uploadRefusal(deps, current);
    if (refusal) return { result: { kind: 'refused', applicant: current, refusal } };
    const { materials } = checklistOf(deps.flow, current);
    if (missingMaterials(current.dossier, materials).length > 0)
      return { result: { kind: 'missing', applicant: current, materials } };
    if (!options.anyway && redoPending(current.dossier, materials).length > 0)
      return { result: { kind: 'redo_pending', applicant: current, materials } };
    const at = deps.clock.now().toISOString();
    const moved = transition(current.dossier, { type: 'submit', at });
    if (!moved.ok) return { result: { kind: 'refused', applicant: current, refusal: CLOSED } };
    const record = { ...current, dossier: moved.dossier, updatedAt: at };
    return { record, result: { kind: 'submitted', applicant: record } };
  });
}
