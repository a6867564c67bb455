import type { PictureStore } from '../../src/app/ports/picture-store.js';
import type { Applicant } from '../../src/domain/applicant.js';
import { checklistOf } from '../../src/domain/applicant-progress.js';
import type { Dossier, DossierPhoto } from '../../src/domain/dossier.js';
import type { Flow } from '../../src/domain/flow.js';
import { applicantOf, ELIGIBLE_ANSWERS } from '../helpers/applicants.js';

/** 25 March 2020, 10:00 in Weihai. */
export const NOW = new Date('2020-03-25T10:00:00+08:00');

/** Bytes that stand for one picture: distinct per applicant and picture, `size` long. */
export function pictureBytes(userId: number, pictureId: string, size = 2000): Uint8Array {
  const seed = Buffer.from(`${userId}/${pictureId}:`);
  return Uint8Array.from({ length: size }, (_, i) => (seed[i % seed.length] ?? 0) ^ (i & 0xff));
}

export interface ExportApplicantSpec {
  readonly userId: number;
  readonly answers?: Applicant['answers'];
  readonly dossier?: Partial<Dossier>;
  /** Pictures per material id; absent: each checklist material's minimum. */
  readonly pictures?: Readonly<Record<string, number>>;
  readonly pictureSize?: number;
  readonly updatedAt?: string;
}

/**
 * An applicant whose pictures are really in `pictures` (put through the port, as the bot stores them), the
 * dossier recording the keys the store handed back.
 */
export async function storedApplicant(
  flow: Flow,
  pictures: PictureStore,
  spec: ExportApplicantSpec,
): Promise<Applicant> {
  const base = applicantOf(spec.userId, { answers: spec.answers ?? ELIGIBLE_ANSWERS });
  const counts =
    spec.pictures ??
    Object.fromEntries(checklistOf(flow, base).materials.map((m) => [m.id, m.photos.min] as const));
  const photos: DossierPhoto[] = [];
  for (const [materialId, count] of Object.entries(counts)) {
    for (let k = 0; k < count; k++) {
      const id = `${materialId.replace(/[^a-z0-9]/g, '').slice(0, 8)}${k}`;
      const key = await pictures.put(
        spec.userId,
        id,
        'jpeg',
        pictureBytes(spec.userId, id, spec.pictureSize),
      );
      photos.push({
        id,
        materialId,
        fileId: `f-${spec.userId}-${id}`,
        fileUniqueId: `u-${spec.userId}-${id}`,
        hash: '0'.repeat(256),
        file: key,
        format: 'jpeg',
        bytes: spec.pictureSize ?? 2000,
        width: 1600,
        height: 1200,
        addedAt: '2020-03-24T01:00:00.000Z',
      });
    }
  }
  return {
    ...base,
    dossier: { ...base.dossier, photos, ...spec.dossier },
    ...(spec.updatedAt && { updatedAt: spec.updatedAt }),
  };
}
