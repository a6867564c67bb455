import type { Applicant } from '../domain/applicant.js';
import type { ChecklistMaterial } from '../domain/checklist.js';
import { isEditable, missingMaterials, photosOf } from '../domain/dossier.js';
import type { TextKey } from '../domain/flow.js';
import { checklistOf, pendingQuestion } from './applicant-record.js';
import type { BotDeps } from './bot-deps.js';

export type UploadTarget =
  | { ok: true; material: ChecklistMaterial; materials: readonly ChecklistMaterial[] }
  | { ok: false; say: TextKey };

/**
 * Which material the applicant's next picture is for, or why they cannot upload now: the interview is not
 * finished, they are not eligible, the dossier is locked, or everything is already there. The chosen
 * material wins; otherwise they are led through the checklist in order.
 */
export function uploadTarget(deps: BotDeps, applicant: Applicant): UploadTarget {
  const { dossier } = applicant;
  if (dossier.state === 'submitted') return { ok: false, say: 'dossierLocked' };
  if (!isEditable(dossier.state)) return { ok: false, say: 'dossierClosed' };
  if (pendingQuestion(deps, applicant)) return { ok: false, say: 'uploadNotReady' };
  const checklist = checklistOf(deps, applicant);
  if (!checklist.eligible) return { ok: false, say: 'uploadIneligible' };
  const { materials } = checklist;
  const chosen = materials.find((m) => m.id === dossier.currentMaterial);
  const material =
    chosen ??
    missingMaterials(dossier, materials)[0]?.material ??
    materials.find((m) => photosOf(dossier, m.id).length < m.photos.max);
  if (!material) return { ok: false, say: 'allMaterialsComplete' };
  return { ok: true, material, materials };
}
