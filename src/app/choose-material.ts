import type { Applicant } from '../domain/applicant.js';
import { checklistOf } from '../domain/applicant-progress.js';
import type { ChecklistMaterial } from '../domain/checklist.js';
import type { AppDeps } from './app-deps.js';
import { uploadRefusal } from './upload-permission.js';

/**
 * The applicant picks the material their next pictures are for. Only a material on their checklist; the
 * choice is remembered only while they may upload (otherwise the picture is refused anyway, with why).
 */
export function chooseMaterial(
  deps: Pick<AppDeps, 'flow' | 'clock' | 'applicants'>,
  userId: number,
  materialId: string,
): Promise<{ applicant?: Applicant; material?: ChecklistMaterial }> {
  return deps.applicants.update<{ applicant?: Applicant; material?: ChecklistMaterial }>(
    userId,
    (current) => {
      if (!current) return { result: {} };
      const material = checklistOf(deps.flow, current).materials.find((m) => m.id === materialId);
      if (!material || uploadRefusal(deps, current))
        return { result: { applicant: current, ...(material && { material }) } };
      const record = { ...current, dossier: { ...current.dossier, currentMaterial: material.id } };
      return { record, result: { applicant: record, material } };
    },
  );
}
