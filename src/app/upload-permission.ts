import type { Applicant } from '../domain/applicant.js';
import { checklistOf, pendingQuestion } from '../domain/applicant-progress.js';
import type { ChecklistMaterial } from '../domain/checklist.js';
import type { Clock } from '../domain/clock.js';
import { isEditable, nextMaterialToUpload, photosOf } from '../domain/dossier.js';
import type { Flow, TextKey } from '../domain/flow.js';
import { windowStatus } from '../domain/review-window.js';

/** Why the applicant cannot upload or submit now: a flow text, its values, and whether to add the helpline. */
export interface UploadRefusal {
  readonly ok: false;
  readonly say: TextKey;
  readonly vars?: Record<string, string | number>;
  /** Outside the review window the applicant may need to call: the helpline goes with the refusal. */
  readonly helpline?: boolean;
}

export type UploadTarget =
  | { ok: true; material: ChecklistMaterial; materials: readonly ChecklistMaterial[] }
  | UploadRefusal;

type Rules = { readonly flow: Flow; readonly clock: Clock };

/**
 * Whether the applicant may change their dossier now: it is editable, the review window is open, the
 * interview is finished and found them eligible. Undefined when they may.
 */
export function uploadRefusal({ flow, clock }: Rules, applicant: Applicant): UploadRefusal | undefined {
  const { dossier } = applicant;
  if (dossier.state === 'submitted') return { ok: false, say: 'dossierLocked' };
  if (!isEditable(dossier.state)) return { ok: false, say: 'dossierClosed' };
  const window = windowStatus(flow, clock.now());
  const dates = { start: flow.window.start, end: flow.window.end };
  if (window.phase === 'before') return { ok: false, say: 'uploadBeforeWindow', vars: dates, helpline: true };
  if (window.phase === 'closed') return { ok: false, say: 'uploadAfterWindow', vars: dates, helpline: true };
  if (pendingQuestion(flow, applicant)) return { ok: false, say: 'uploadNotReady' };
  if (!checklistOf(flow, applicant).eligible) return { ok: false, say: 'uploadIneligible' };
  return undefined;
}

/**
 * Which material the applicant's next picture is for, or why they cannot upload now. The chosen material
 * wins (or the one whose picture is being replaced); otherwise a material marked for redo, then the first
 * one still short of pictures. A picture never goes unasked to a material that already has enough: when
 * every material has, the applicant is asked to choose.
 */
export function uploadTarget(rules: Rules, applicant: Applicant): UploadTarget {
  const refusal = uploadRefusal(rules, applicant);
  if (refusal) return refusal;
  const { dossier } = applicant;
  const { materials } = checklistOf(rules.flow, applicant);
  const material =
    materials.find((m) => m.id === dossier.currentMaterial) ?? nextMaterialToUpload(dossier, materials);
  if (material) return { ok: true, material, materials };
  const allFull = materials.every((m) => photosOf(dossier, m.id).length >= m.photos.max);
  return { ok: false, say: allFull ? 'allMaterialsComplete' : 'chooseMaterialFirst' };
}
