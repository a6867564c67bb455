import type { Applicant } from '../domain/applicant.js';
import { checklistOf } from '../domain/applicant-progress.js';
import type { ChecklistMaterial } from '../domain/checklist.js';
import { addPhoto, type DossierPhoto, missingMaterials, nextMaterialToUpload } from '../domain/dossier.js';
import type { PhotoProblem } from '../domain/photo/photo-problem.js';
import type { AppDeps } from './app-deps.js';
import type { PhotoInspector } from './ports/photo-inspector.js';

/** A picture as it arrived: where it came from (to spot a resend) and how to fetch its bytes. */
export interface IncomingPicture {
  readonly pictureId: string;
  readonly fileId: string;
  readonly fileUniqueId: string;
  readonly mediaGroupId?: string;
  readonly load: () => Promise<Uint8Array>;
}

export type AddPictureOutcome =
  /** The checker refused the picture (blurred, dark …): nothing stored. */
  | { readonly kind: 'rejected'; readonly problems: readonly PhotoProblem[] }
  /** Refused by the dossier's rules: nothing stored. */
  | {
      readonly kind: 'refused';
      readonly reason: 'gone' | 'locked' | 'full' | 'duplicate' | 'not_in_checklist';
      readonly applicant?: Applicant;
      readonly max: number;
    }
  | {
      readonly kind: 'accepted';
      readonly applicant: Applicant;
      readonly material: ChecklistMaterial;
      /** The material's pictures now, and this one's place among them (1-based). */
      readonly count: number;
      readonly position: number;
      /** Where the applicant is led next when this material became full. */
      readonly next?: ChecklistMaterial;
      /** Materials still short of pictures. */
      readonly missing: number;
      /** The picture this one replaced (its bytes are already deleted). */
      readonly replaced?: DossierPhoto;
    };

type Decision =
  | {
      ok: false;
      reason: Extract<AddPictureOutcome, { kind: 'refused' }>['reason'];
      applicant?: Applicant;
      max: number;
    }
  | { ok: true; record: Applicant; result: Extract<AddPictureOutcome, { kind: 'accepted' }> };

/** Where the picture goes and what changes, decided on one version of the record (pure). */
function decide(
  deps: Pick<AppDeps, 'flow' | 'clock'>,
  current: Applicant | undefined,
  photo: DossierPhoto,
  distance: PhotoInspector['distance'],
): Decision {
  if (!current) return { ok: false, reason: 'gone', max: 0 };
  const materials = checklistOf(deps.flow, current).materials;
  const material = materials.find((m) => m.id === photo.materialId);
  const added = addPhoto(current.dossier, material, photo, distance);
  if (!added.ok || !material) {
    const reason = added.ok ? 'not_in_checklist' : added.reason;
    return { ok: false, reason, applicant: current, max: material?.photos.max ?? 0 };
  }
  // Full: lead on to the next material marked for redo or still missing pictures.
  const full = added.count >= material.photos.max;
  const next = full ? nextMaterialToUpload(added.dossier, materials) : undefined;
  const dossier = { ...added.dossier, currentMaterial: full ? next?.id : material.id };
  const record = { ...current, dossier, updatedAt: deps.clock.now().toISOString() };
  const position = dossier.photos.filter((p) => p.materialId === material.id).indexOf(photo) + 1;
  return {
    ok: true,
    record,
    result: {
      kind: 'accepted',
      applicant: record,
      material,
      count: added.count,
      position,
      ...(next && { next }),
      missing: missingMaterials(dossier, materials).length,
      ...(added.replaced && { replaced: added.replaced }),
    },
  };
}

/**
 * An applicant's picture for one material: checked and normalised, then counted under the applicant's lock.
 * Where it goes (a full material, a duplicate, a locked dossier) is decided before its bytes are stored, so
 * a refused picture never touches storage; the decision is made again when the record is written, and if
 * the record changed in between so that it no longer holds, the stored bytes are removed again.
 */
export async function addPicture(
  deps: Pick<AppDeps, 'flow' | 'clock' | 'applicants' | 'pictures'> & { readonly inspector: PhotoInspector },
  userId: number,
  materialId: string,
  picture: IncomingPicture,
): Promise<AddPictureOutcome> {
  const verdict = await deps.inspector.check(picture.load);
  const output = verdict.output;
  if (!verdict.ok || !output) return { kind: 'rejected', problems: verdict.problems };
  const photo: DossierPhoto = {
    id: picture.pictureId,
    materialId,
    fileId: picture.fileId,
    fileUniqueId: picture.fileUniqueId,
    hash: await deps.inspector.hash(output.bytes),
    file: '',
    format: output.format,
    bytes: output.bytes.byteLength,
    width: output.width,
    height: output.height,
    addedAt: deps.clock.now().toISOString(),
    ...(picture.mediaGroupId && { mediaGroupId: picture.mediaGroupId }),
  };
  const planned = decide(deps, await deps.applicants.get(userId), photo, deps.inspector.distance);
  if (!planned.ok)
    return {
      kind: 'refused',
      reason: planned.reason,
      max: planned.max,
      ...(planned.applicant && { applicant: planned.applicant }),
    };

  const file = await deps.pictures.put(userId, picture.pictureId, output.format, output.bytes);
  const stored = { ...photo, file };
  const decided = await deps.applicants.update<Decision>(userId, (current) => {
    const decision = decide(deps, current, stored, deps.inspector.distance);
    return decision.ok ? { record: decision.record, result: decision } : { result: decision };
  });
  if (!decided.ok) {
    await deps.pictures.delete(file);
    return {
      kind: 'refused',
      reason: decided.reason,
      max: decided.max,
      ...(decided.applicant && { applicant: decided.applicant }),
    };
  }
  if (decided.result.replaced) await deps.pictures.delete(decided.result.replaced.file);
  return decided.result;
}
