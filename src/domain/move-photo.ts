/**
 * Moving an accepted picture to another material: what the offline reader suggests when a picture reads as
 * another document than the one it was put under (a diploma sent under 身份证). Same rules as adding one.
 */
import type { ChecklistMaterial } from './checklist.js';
import type { DocumentFindings } from './document-findings.js';
import { type Dossier, type DossierPhoto, isEditable, photosOf } from './dossier.js';

export type MovePhotoResult =
  | {
      readonly ok: true;
      readonly dossier: Dossier;
      readonly photo: DossierPhoto;
      /** The material it was under. */
      readonly from: string;
    }
  | {
      readonly ok: false;
      /**
       * `not_found`: the picture is gone (deleted, replaced); `already_there`: it is already under the target
       * (a second tap); `not_in_checklist`: the target is not a material of the applicant's checklist.
       */
      readonly reason: 'locked' | 'not_found' | 'already_there' | 'not_in_checklist' | 'full';
    };

/**
 * Puts one picture under `target` instead of its material, keeping its place in the dossier. Refused, as a
 * value, when the dossier is locked, the picture is gone or already there, the target is not on the
 * checklist, or the target already has its maximum (已达上限). A picture waiting to be replaced stops waiting.
 */
export function movePhoto(
  dossier: Dossier,
  photoId: string,
  target: ChecklistMaterial | undefined,
): MovePhotoResult {
  if (!isEditable(dossier.state)) return { ok: false, reason: 'locked' };
  const photo = dossier.photos.find((p) => p.id === photoId);
  if (!photo) return { ok: false, reason: 'not_found' };
  if (!target) return { ok: false, reason: 'not_in_checklist' };
  if (photo.materialId === target.id) return { ok: false, reason: 'already_there' };
  if (photosOf(dossier, target.id).length >= target.photos.max) return { ok: false, reason: 'full' };
  const moved = { ...photo, materialId: target.id };
  const photos = dossier.photos.map((p) => (p.id === photoId ? moved : p));
  const replacing = dossier.replacing === photoId ? undefined : dossier.replacing;
  return { ok: true, dossier: { ...dossier, photos, replacing }, photo: moved, from: photo.materialId };
}

/** Records what the reader found on one picture; a picture deleted meanwhile is left alone (undefined). */
export function recordFindings(
  dossier: Dossier,
  photoId: string,
  findings: DocumentFindings,
): Dossier | undefined {
  if (!dossier.photos.some((p) => p.id === photoId)) return undefined;
  return { ...dossier, photos: dossier.photos.map((p) => (p.id === photoId ? { ...p, findings } : p)) };
}
