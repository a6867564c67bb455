import type { Applicant } from '../domain/applicant.js';
import { type DossierPhoto, removePhoto, startReplacing } from '../domain/dossier.js';
import type { AppDeps } from './app-deps.js';

export type PictureChangeOutcome =
  | { readonly ok: false; readonly reason: 'locked' | 'not_found'; readonly applicant?: Applicant }
  | { readonly ok: true; readonly applicant: Applicant; readonly photo: DossierPhoto };

/** Deletes one of the applicant's pictures (record first, then its bytes); refused once the dossier is locked. */
export async function deletePicture(
  deps: Pick<AppDeps, 'clock' | 'applicants' | 'pictures'>,
  userId: number,
  pictureId: string,
): Promise<PictureChangeOutcome> {
  const outcome = await deps.applicants.update<PictureChangeOutcome>(userId, (current) => {
    if (!current) return { result: { ok: false, reason: 'not_found' } };
    const removed = removePhoto(current.dossier, pictureId);
    if (!removed.ok) return { result: { ok: false, reason: removed.reason, applicant: current } };
    const dossier = { ...removed.dossier, currentMaterial: removed.removed.materialId };
    const record = { ...current, dossier, updatedAt: deps.clock.now().toISOString() };
    return { record, result: { ok: true, applicant: record, photo: removed.removed } };
  });
  if (outcome.ok) await deps.pictures.delete(outcome.photo.file);
  return outcome;
}

/**
 * Marks a picture to be replaced: it stays until the material's next accepted picture takes its place, so a
 * refused successor never leaves the material short.
 */
export function replacePicture(
  deps: Pick<AppDeps, 'clock' | 'applicants'>,
  userId: number,
  pictureId: string,
): Promise<PictureChangeOutcome> {
  return deps.applicants.update<PictureChangeOutcome>(userId, (current) => {
    if (!current) return { result: { ok: false, reason: 'not_found' } };
    const marked = startReplacing(current.dossier, pictureId);
    if (!marked.ok) return { result: { ok: false, reason: marked.reason, applicant: current } };
    const record = { ...current, dossier: marked.dossier, updatedAt: deps.clock.now().toISOString() };
    return { record, result: { ok: true, applicant: record, photo: marked.photo } };
  });
}
