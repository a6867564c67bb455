import type { Applicant } from '../domain/applicant.js';
import { checklistOf } from '../domain/applicant-progress.js';
import { type DocumentFindings, findDocumentFindings } from '../domain/document-findings.js';
import type { DossierPhoto } from '../domain/dossier.js';
import { recordFindings } from '../domain/move-photo.js';
import type { AppDeps } from './app-deps.js';
import type { DocumentReader } from './ports/document-reader.js';

export interface PictureReading {
  readonly applicant: Applicant;
  readonly photo: DossierPhoto;
  readonly findings: DocumentFindings;
}

/**
 * Reads one accepted picture offline and records what it tells on the picture: the material it reads as (one
 * of the applicant's checklist), ID numbers that cannot be right, the printed name. Runs after the verdict
 * was given, never before it. Undefined when there is no reader, it read nothing, or the picture is gone.
 */
export async function readPicture(
  deps: Pick<AppDeps, 'flow' | 'clock' | 'applicants' | 'pictures'> & { readonly reader: DocumentReader },
  userId: number,
  pictureId: string,
): Promise<PictureReading | undefined> {
  const before = await deps.applicants.get(userId);
  const stored = before?.dossier.photos.find((p) => p.id === pictureId);
  if (!before || !stored) return undefined;
  const read = await deps.reader.read(await deps.pictures.get(stored.file));
  if (!read) return undefined;
  const candidates = checklistOf(deps.flow, before).materials.map((m) => m.id);
  return deps.applicants.update<PictureReading | undefined>(userId, (current) => {
    const photo = current?.dossier.photos.find((p) => p.id === pictureId);
    if (!current || !photo) return { result: undefined };
    // Judged against where the picture is now: it may have been moved while it was being read.
    const findings = findDocumentFindings(
      read.text,
      photo.materialId,
      deps.flow.materials,
      candidates,
      deps.clock.now(),
    );
    const dossier = recordFindings(current.dossier, pictureId, findings);
    if (!dossier) return { result: undefined };
    const record = { ...current, dossier };
    return { record, result: { applicant: record, photo: { ...photo, findings }, findings } };
  });
}
