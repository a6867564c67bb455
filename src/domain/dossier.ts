import { z } from 'zod';
import type { ChecklistMaterial } from './checklist.js';
import { DocumentFindingsSchema } from './document-findings.js';

export const DOSSIER_STATES = ['draft', 'submitted', 'returned', 'approved', 'rejected'] as const;
/** The states of the notice's candidate guide: 未提交, 已锁定, 已退回, 审核通过, 确实不符合. */
export type DossierState = (typeof DOSSIER_STATES)[number];

export const DossierPhotoSchema = z.object({
  /** Short id, unique within the dossier; used in buttons. */
  id: z.string().regex(/^[a-z0-9]{1,12}$/),
  materialId: z.string(),
  /** Telegram's ids of what the applicant sent: file_id to show it again, file_unique_id to spot a resend. */
  fileId: z.string(),
  fileUniqueId: z.string(),
  /** Perceptual hash of the picture (1024 bits as 256 hex digits), to refuse the same picture sent again. */
  hash: z.string().regex(/^[0-9a-f]{256}$/),
  /** The normalised image, relative to DATA_DIR. */
  file: z.string(),
  format: z.enum(['jpeg', 'png']),
  bytes: z.number().int().positive(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  addedAt: z.string(),
  mediaGroupId: z.string().optional(),
  /** What the offline reader found on the picture (advisory; absent until read, or without a reader). */
  findings: DocumentFindingsSchema.optional(),
});
export type DossierPhoto = z.infer<typeof DossierPhotoSchema>;

export const DossierSchema = z.object({
  state: z.enum(DOSSIER_STATES),
  photos: z.array(DossierPhotoSchema).default([]),
  /** The material the applicant's next pictures are for. */
  currentMaterial: z.string().optional(),
  submittedAt: z.string().optional(),
  /** The reviewer's feedback of the last return, and the materials to redo. */
  feedback: z.object({ text: z.string(), materials: z.array(z.string()), at: z.string() }).optional(),
  /** The reason of a rejection. */
  rejection: z.object({ reason: z.string(), at: z.string() }).optional(),
  /** When the dossier was approved (absent in records approved before this was kept). */
  approvedAt: z.string().optional(),
  /**
   * A picture the applicant asked to replace: it stays until its successor is accepted, which then takes its
   * place (same position), so a refused new picture never leaves the material short.
   */
  replacing: z.string().optional(),
});
export type Dossier = z.infer<typeof DossierSchema>;

export const EMPTY_DOSSIER: Dossier = { state: 'draft', photos: [] };

/** Whether the applicant may add, delete or replace pictures, or change answers (未锁定). */
export function isEditable(state: DossierState): boolean {
  return state === 'draft' || state === 'returned';
}

export type DossierEvent =
  | { type: 'submit'; at: string }
  | { type: 'return'; at: string; feedback: string; materials: string[] }
  | { type: 'approve'; at: string }
  | { type: 'reject'; at: string; reason: string };

export type TransitionResult =
  | { ok: true; dossier: Dossier }
  | { ok: false; reason: 'not_allowed'; from: DossierState };

const ALLOWED: Record<DossierEvent['type'], readonly DossierState[]> = {
  submit: ['draft', 'returned'],
  return: ['submitted'],
  approve: ['submitted'],
  reject: ['submitted'],
};

/**
 * The dossier's state machine: draft/returned → submitted (the applicant), submitted → returned, approved or
 * rejected (a reviewer). Anything else is refused as a value. Completeness is checked by the caller
 * (`missingMaterials`) because it depends on the checklist.
 */
export function transition(dossier: Dossier, event: DossierEvent): TransitionResult {
  if (!ALLOWED[event.type].includes(dossier.state))
    return { ok: false, reason: 'not_allowed', from: dossier.state };
  switch (event.type) {
    case 'submit':
      return {
        ok: true,
        dossier: { ...dossier, state: 'submitted', submittedAt: event.at, currentMaterial: undefined },
      };
    case 'return':
      return {
        ok: true,
        dossier: {
          ...dossier,
          state: 'returned',
          feedback: { text: event.feedback, materials: event.materials, at: event.at },
        },
      };
    case 'approve':
      return { ok: true, dossier: { ...dossier, state: 'approved', approvedAt: event.at } };
    case 'reject':
      return {
        ok: true,
        dossier: { ...dossier, state: 'rejected', rejection: { reason: event.reason, at: event.at } },
      };
  }
}

/** Pictures of one material in the dossier. */
export function photosOf(dossier: Dossier, materialId: string): DossierPhoto[] {
  return dossier.photos.filter((p) => p.materialId === materialId);
}

/** The checklist's materials that have fewer pictures than they need, with how many are there. */
export function missingMaterials(
  dossier: Dossier,
  materials: readonly ChecklistMaterial[],
): { material: ChecklistMaterial; have: number }[] {
  return materials
    .map((material) => ({ material, have: photosOf(dossier, material.id).length }))
    .filter(({ material, have }) => have < material.photos.min);
}

/**
 * Bits (of 1024) two perceptual hashes may differ by and still be the same picture. Measured on generated
 * document photos: the same photo recompressed differed by 19–24 bits, resized as well by 66–110; different
 * pages of print photographed the same way by ≥ 114. Set low on purpose: refusing a real second page would
 * stop an applicant, while a duplicate that slips through is only one picture too many for the reviewer.
 */
export const DUPLICATE_HASH_DISTANCE = 64;

export type AddPhotoResult =
  | { ok: true; dossier: Dossier; count: number; replaced?: DossierPhoto }
  | { ok: false; reason: 'locked' | 'full' | 'duplicate' | 'not_in_checklist' };

/**
 * Adds an accepted picture to a material; while the dossier is `replacing` one of that material's pictures,
 * the new one takes its place instead. Refused when the dossier is locked, the material is not on the
 * checklist, it already has its maximum (已达上限), or the same picture is already in the dossier (the same
 * Telegram file, or a perceptual hash within DUPLICATE_HASH_DISTANCE bits).
 */
export function addPhoto(
  dossier: Dossier,
  material: ChecklistMaterial | undefined,
  photo: DossierPhoto,
  distance: (a: string, b: string) => number,
): AddPhotoResult {
  if (!isEditable(dossier.state)) return { ok: false, reason: 'locked' };
  if (!material || material.id !== photo.materialId) return { ok: false, reason: 'not_in_checklist' };
  const same = dossier.photos.some(
    (p) => p.fileUniqueId === photo.fileUniqueId || distance(p.hash, photo.hash) <= DUPLICATE_HASH_DISTANCE,
  );
  if (same) return { ok: false, reason: 'duplicate' };
  const count = photosOf(dossier, material.id).length;
  const replaced = dossier.photos.find((p) => p.id === dossier.replacing && p.materialId === material.id);
  if (replaced) {
    const photos = dossier.photos.map((p) => (p.id === replaced.id ? photo : p));
    return { ok: true, dossier: { ...dossier, photos, replacing: undefined }, count, replaced };
  }
  if (count >= material.photos.max) return { ok: false, reason: 'full' };
  return { ok: true, dossier: { ...dossier, photos: [...dossier.photos, photo] }, count: count + 1 };
}

export type RemovePhotoResult =
  | { ok: true; dossier: Dossier; removed: DossierPhoto }
  | { ok: false; reason: 'locked' | 'not_found' };

/** Deletes one picture; refused once the dossier is locked. */
export function removePhoto(dossier: Dossier, photoId: string): RemovePhotoResult {
  if (!isEditable(dossier.state)) return { ok: false, reason: 'locked' };
  const removed = dossier.photos.find((p) => p.id === photoId);
  if (!removed) return { ok: false, reason: 'not_found' };
  const replacing = dossier.replacing === photoId ? undefined : dossier.replacing;
  return {
    ok: true,
    dossier: { ...dossier, photos: dossier.photos.filter((p) => p.id !== photoId), replacing },
    removed,
  };
}

/** Marks a picture to be replaced by the material's next accepted picture; refused once locked. */
export function startReplacing(
  dossier: Dossier,
  photoId: string,
): { ok: true; dossier: Dossier; photo: DossierPhoto } | { ok: false; reason: 'locked' | 'not_found' } {
  if (!isEditable(dossier.state)) return { ok: false, reason: 'locked' };
  const photo = dossier.photos.find((p) => p.id === photoId);
  if (!photo) return { ok: false, reason: 'not_found' };
  return {
    ok: true,
    dossier: { ...dossier, replacing: photoId, currentMaterial: photo.materialId },
    photo,
  };
}

/** Whether a picture arrived after the dossier's last return (what a reviewer looks at first). */
export function isNewSinceReturn(dossier: Dossier, photo: DossierPhoto): boolean {
  return dossier.feedback !== undefined && photo.addedAt > dossier.feedback.at;
}

/**
 * The materials the last return marked for redo that have no picture added since: what the applicant still
 * has to do while the dossier is `returned`, and what a reviewer sees was not redone once it is resubmitted.
 */
export function redoNotDone(dossier: Dossier, materials: readonly ChecklistMaterial[]): ChecklistMaterial[] {
  const { feedback } = dossier;
  if (!feedback) return [];
  return materials.filter(
    (m) =>
      feedback.materials.includes(m.id) && !photosOf(dossier, m.id).some((p) => isNewSinceReturn(dossier, p)),
  );
}

/** While the dossier is `returned`: its materials marked for redo that still have no new picture. */
export function redoPending(dossier: Dossier, materials: readonly ChecklistMaterial[]): ChecklistMaterial[] {
  return dossier.state === 'returned' ? redoNotDone(dossier, materials) : [];
}

/**
 * Where a picture sent without choosing a material goes: a material marked for redo comes first, then the
 * first one still short of pictures. Never a material that already has what it needs: the applicant is
 * asked to choose instead (undefined).
 */
export function nextMaterialToUpload(
  dossier: Dossier,
  materials: readonly ChecklistMaterial[],
): ChecklistMaterial | undefined {
  return redoPending(dossier, materials)[0] ?? missingMaterials(dossier, materials)[0]?.material;
}
