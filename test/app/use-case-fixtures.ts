import type { AppDeps } from '../../src/app/app-deps.js';
import type { PhotoInspector } from '../../src/app/ports/photo-inspector.js';
import type { Applicant } from '../../src/domain/applicant.js';
import { checklistOf } from '../../src/domain/applicant-progress.js';
import type { Dossier, DossierPhoto } from '../../src/domain/dossier.js';
import type { Flow } from '../../src/domain/flow.js';
import { applicantOf, ELIGIBLE_ANSWERS } from '../helpers/applicants.js';
import { memoryApplicants, memoryNotifier, memoryPictures } from '../helpers/memory-ports.js';

/** 25 March 2020, 09:00 in Weihai: inside the review window (20–31 March). */
export const IN_WINDOW = new Date('2020-03-25T09:00:00+08:00');
export const USER = 1001;

let n = 0;
/** A stored picture of a material, with a hash far from every other one. */
export function picture(materialId: string, addedAt = '2020-03-24T01:00:00.000Z'): DossierPhoto {
  n += 1;
  const hash = ((BigInt(n) * 0x9e3779b97f4a7c15n) & 0xffffffffffffffffn).toString(16).padStart(16, '0');
  return {
    id: `p${n}`,
    materialId,
    fileId: `f${n}`,
    fileUniqueId: `u${n}`,
    hash: hash.repeat(16),
    file: `photos/${USER}/p${n}.jpg`,
    format: 'jpeg',
    bytes: 1000,
    width: 1600,
    height: 1200,
    addedAt,
  };
}

/** An eligible applicant (clinical bachelor) whose every material has its minimum of pictures. */
export function completeApplicant(flow: Flow, dossier: Partial<Dossier> = {}): Applicant {
  const base = applicantOf(USER, { answers: ELIGIBLE_ANSWERS });
  const photos = checklistOf(flow, base).materials.flatMap((m) =>
    Array.from({ length: m.photos.min }, () => picture(m.id)),
  );
  return { ...base, dossier: { ...base.dossier, photos, ...dossier } };
}

/** Use-case dependencies in memory, the clock standing at `now`. */
export function memoryDeps(flow: Flow, applicants: readonly Applicant[], now = IN_WINDOW) {
  return {
    flow,
    clock: { now: () => now },
    applicants: memoryApplicants(applicants),
    pictures: memoryPictures(),
    notifier: memoryNotifier(),
  } satisfies AppDeps;
}

/**
 * A checker that accepts every picture as a 1600×1200 JPEG, but a picture whose first byte is 0 as blurred;
 * hashing by content, so the same bytes are the same picture.
 */
export function fakeInspector(): PhotoInspector {
  return {
    check: async (load) => {
      const bytes = await load();
      const measurements = { byteLength: bytes.byteLength, format: 'jpeg' };
      if (bytes[0] === 0)
        return { ok: false, problems: [{ code: 'blurry', detail: 'edge width 9 px' }], measurements };
      const output = {
        format: 'jpeg' as const,
        width: 1600,
        height: 1200,
        byteLength: bytes.byteLength,
        bytes,
      };
      return { ok: true, problems: [], measurements, output };
    },
    hash: async (bytes) => Buffer.from(bytes).toString('hex').padEnd(256, '0').slice(0, 256),
    distance: (a, b) => (a === b ? 0 : 1024),
  };
}
