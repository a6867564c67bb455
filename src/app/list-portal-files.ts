import type { Applicant } from '../domain/applicant.js';
import { checklistOf } from '../domain/applicant-progress.js';
import { type PortalFileGroup, portalFilesOf } from '../domain/portal-files.js';
import type { AppDeps } from './app-deps.js';

export type { PortalFile, PortalFileGroup } from '../domain/portal-files.js';

/** What there is to hand over: nothing for someone unknown, else the groups (empty when nothing is accepted). */
export type PortalFilesOutcome =
  | { readonly kind: 'unknown' }
  | { readonly kind: 'not_in_checklist'; readonly applicant: Applicant }
  | { readonly kind: 'files'; readonly applicant: Applicant; readonly groups: readonly PortalFileGroup[] };

/**
 * The applicant's accepted pictures as the files to upload to the official portal (`/files`): every
 * material of their checklist, or only `materialId`, grouped per material in checklist order. In every
 * dossier state and at any time: they are the applicant's own files, also once submitted or decided.
 * The bytes stay in the picture store; each file carries its key.
 */
export async function listPortalFiles(
  deps: Pick<AppDeps, 'flow' | 'applicants'>,
  userId: number,
  materialId?: string,
): Promise<PortalFilesOutcome> {
  const applicant = await deps.applicants.get(userId);
  if (!applicant) return { kind: 'unknown' };
  const { materials } = checklistOf(deps.flow, applicant);
  const groups = portalFilesOf(applicant.dossier, materials);
  if (materialId === undefined) return { kind: 'files', applicant, groups };
  if (!materials.some((m) => m.id === materialId)) return { kind: 'not_in_checklist', applicant };
  return { kind: 'files', applicant, groups: groups.filter((g) => g.material.id === materialId) };
}
