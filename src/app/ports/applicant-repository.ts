import type { Applicant } from '../../domain/applicant.js';
import type { DossierState } from '../../domain/dossier.js';

/** What a change of one applicant decides: the new record (undefined: leave it as it is) and what to report. */
export interface ApplicantChange<T> {
  readonly record?: Applicant;
  readonly result: T;
}

/**
 * The applicants' records. One applicant is read, changed and written as a unit: two changes of one applicant
 * arriving together both take effect (the second sees the first). A stored record that cannot be used is
 * never overwritten or silently skipped: `get` and `update` throw CorruptRecordError (src/errors.ts), and the
 * listings report it through `onCorrupt` and go on with the rest.
 */
export interface ApplicantRepository {
  get(userId: number): Promise<Applicant | undefined>;
  update<T>(userId: number, change: (current: Applicant | undefined) => ApplicantChange<T>): Promise<T>;
  /** Removes the record; true when there was one. */
  delete(userId: number): Promise<boolean>;
  /** The applicants whose dossier is in one of these states, without loading the others. */
  listByState(states: readonly DossierState[]): Promise<Applicant[]>;
  /** Every applicant (scheduled passes over everyone, exports). */
  all(): Promise<Applicant[]>;
}
