import type { Applicant } from '../domain/applicant.js';
import { checklistOf } from '../domain/applicant-progress.js';
import type { ChecklistMaterial } from '../domain/checklist.js';
import { photosOf } from '../domain/dossier.js';
import { type MovePhotoResult, movePhoto } from '../domain/move-photo.js';
import type { AppDeps } from './app-deps.js';

export type MovePictureOutcome =
  | {
      readonly ok: true;
      readonly applicant: Applicant;
      /** Where it went, with its count now, and where it came from, with its count now. */
      readonly to: { readonly material: ChecklistMaterial; readonly have: number };
      readonly from: {
        readonly material: ChecklistMaterial | undefined;
        readonly id: string;
        readonly have: number;
      };
    }
  | {
      readonly ok: false;
      readonly reason: Extract<MovePhotoResult, { ok: false }>['reason'];
      readonly applicant?: Applicant;
      /** The target's maximum, for a refusal because it is full. */
      readonly max?: number;
    };

/**
 * Moves one of the applicant's pictures under another material of their checklist, under the applicant's
 * lock: the answer to "this looks like the diploma, not the ID card — put it there?". A button pressed twice,
 * or after the picture was deleted, is refused as a value (`already_there`, `not_found`), as are a locked
 * dossier and a full target.
 */
export function movePicture(
  deps: Pick<AppDeps, 'flow' | 'clock' | 'applicants'>,
  userId: number,
  pictureId: string,
  targetMaterialId: string,
): Promise<MovePictureOutcome> {
  return deps.applicants.update<MovePictureOutcome>(userId, (current) => {
    if (!current) return { result: { ok: false, reason: 'not_found' } };
    const materials = checklistOf(deps.flow, current).materials;
    const target = materials.find((m) => m.id === targetMaterialId);
    const moved = movePhoto(current.dossier, pictureId, target);
    if (!moved.ok || !target)
      return {
        result: {
          ok: false,
          reason: moved.ok ? 'not_in_checklist' : moved.reason,
          applicant: current,
          ...(target && { max: target.photos.max }),
        },
      };
    const record = { ...current, dossier: moved.dossier, updatedAt: deps.clock.now().toISOString() };
    return {
      record,
      result: {
        ok: true,
        applicant: record,
        to: { material: target, have: photosOf(moved.dossier, target.id).length },
        from: {
          material: materials.find((m) => m.id === moved.from),
          id: moved.from,
          have: photosOf(moved.dossier, moved.from).length,
        },
      },
    };
  });
}
