import type { ChecklistMaterial } from './checklist.js';
import { type Dossier, photosOf } from './dossier.js';

/** One accepted picture as the file the applicant uploads to the official portal. */
export interface PortalFile {
  /** `<NN>_<material title>_<k>.jpg` (see portalFileName). */
  readonly name: string;
  /** The picture store's key of the normalised file. */
  readonly key: string;
  readonly format: 'jpeg' | 'png';
}

/** One material's files, as they are handed over together. */
export interface PortalFileGroup {
  readonly material: ChecklistMaterial;
  /** The material's place in the checklist, from 1. */
  readonly place: number;
  readonly files: readonly PortalFile[];
}

/**
 * What a file name cannot hold on the systems applicants use (a `/` would even make a folder in a zip), and
 * control characters; blanks around them go too. `执业期考核证明 / 连续工作证明` becomes
 * `执业期考核证明-连续工作证明`.
 */
const UNSAFE_IN_FILE_NAMES = /\s*[\\/:*?"<>|\p{Cc}]+\s*/gu;

/**
 * The name of a picture as handed over for the official portal (contracts §4 export, §5 `/files`):
 * `<NN>_<material title>_<k>.jpg`, NN the material's place in the checklist in two digits from 01, the
 * title in Chinese as the notice writes it, k the picture's number within the material from 1; `.png` for
 * a PNG. Characters a file name cannot hold become `-`.
 */
export function portalFileName(place: number, title: string, k: number, format: 'jpeg' | 'png'): string {
  const safeTitle = title.replace(UNSAFE_IN_FILE_NAMES, '-').trim();
  return `${String(place).padStart(2, '0')}_${safeTitle}_${k}.${format === 'png' ? 'png' : 'jpg'}`;
}

/**
 * The accepted pictures of the checklist's materials as named files, in checklist order and, within a
 * material, in the order the applicant sees them (so k is "picture k" of their list). Materials without a
 * picture are left out; pictures of a material no longer on the checklist are not handed over.
 */
export function portalFilesOf(dossier: Dossier, materials: readonly ChecklistMaterial[]): PortalFileGroup[] {
  return materials
    .map((material, i) => ({
      material,
      place: i + 1,
      files: photosOf(dossier, material.id).map((photo, j) => ({
        name: portalFileName(i + 1, material.title.zh, j + 1, photo.format),
        key: photo.file,
        format: photo.format,
      })),
    }))
    .filter((group) => group.files.length > 0);
}
