import type { Applicant } from '../domain/applicant.js';
import { checklistOf } from '../domain/applicant-progress.js';
import { portalFilesOf } from '../domain/portal-files.js';
import type { AppDeps } from './app-deps.js';
import { selectApplicants } from './export-roster.js';
import type { RosterFilter } from './roster-filter.js';

/** Whose pictures: one applicant (by user id), or everyone the filter selects (see selectApplicants). */
export type PhotoSelection = { readonly applicant: number } | { readonly filter: RosterFilter };

/** One picture of the export, its bytes still in the picture store. */
export interface PhotoEntry {
  /** `<user id>/<NN>_<material title>_<k>.jpg`, the name `/files` gives the applicant, in their folder. */
  readonly path: string;
  readonly userId: number;
  /** When the picture was accepted (ISO-8601): the file's time in the archive. */
  readonly addedAt: string;
  /**
   * Reads the bytes when the writer gets to this entry, so that only one picture is held at a time.
   * Undefined when the picture was removed since the listing (the applicant replaced it or deleted their
   * data): it is left out. Rejects when it is still recorded but cannot be read (an outage, a lost file).
   */
  read(): Promise<Uint8Array | undefined>;
}

export type PhotoExport =
  | { readonly kind: 'unknown_applicant'; readonly userId: number }
  | { readonly kind: 'entries'; readonly applicants: number; readonly entries: readonly PhotoEntry[] };

/**
 * The accepted, normalised pictures to export, per applicant in the queue's order and within an applicant
 * as `/files` hands them over (checklist order, then the applicant's own order). One applicant is exported
 * whatever the state of their dossier; a filter selects only applicants who finished the interview.
 */
export async function listPhotoExport(
  deps: Pick<AppDeps, 'flow' | 'applicants' | 'pictures' | 'clock'>,
  selection: PhotoSelection,
): Promise<PhotoExport> {
  let applicants: Applicant[];
  if ('applicant' in selection) {
    const one = await deps.applicants.get(selection.applicant);
    if (!one) return { kind: 'unknown_applicant', userId: selection.applicant };
    applicants = [one];
  } else {
    applicants = await selectApplicants(deps, selection.filter);
  }
  const entries = applicants.flatMap((applicant) => {
    const addedAt = new Map(applicant.dossier.photos.map((p) => [p.file, p.addedAt]));
    return portalFilesOf(applicant.dossier, checklistOf(deps.flow, applicant).materials).flatMap((group) =>
      group.files.map(
        (file): PhotoEntry => ({
          path: `${applicant.userId}/${file.name}`,
          userId: applicant.userId,
          addedAt: addedAt.get(file.key) ?? applicant.updatedAt,
          read: () => readPicture(deps, applicant.userId, file.key),
        }),
      ),
    );
  });
  return { kind: 'entries', applicants: applicants.length, entries };
}

async function readPicture(
  deps: Pick<AppDeps, 'applicants' | 'pictures'>,
  userId: number,
  key: string,
): Promise<Uint8Array | undefined> {
  try {
    return await deps.pictures.get(key);
  } catch (error) {
    // A long export races the applicants: a picture replaced or deleted since the listing is no longer
    // theirs to hand over. One still on record that cannot be read is a fault, and the export fails on it.
    const now = await deps.applicants.get(userId);
    if (!now?.dossier.photos.some((p) => p.file === key)) return undefined;
    throw error;
  }
}
