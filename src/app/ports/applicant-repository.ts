import type { Applicant } from '../../domain/applicant.js';
import type { DossierState } from '../../domain/dossier.js';

/** What a change of one applicant decides: the new record (undefined: leave it as it is) and what to report. */
export interface ApplicantChange<T> {
  readonly record?: Applicant;
  readonly result: T;
}

/**
 * The applicants' records. One applicant is read, changed and written as a unit: two changes of one applicant
 * arriving together both take effect (the second sees the first). A record written by an older release is
 * migrated on read. A stored record that cannot be used is never overwritten or silently skipped: `get` and
 * `update` throw CorruptRecordError (src/errors.ts; `key` `applicant:<user id>`, `problem`, `cause`), and
 * the listings report it through the `onCorrupt` callback the adapter is built with and go on with the rest.
 * Every adapter passes the contract suite in test/contracts/applicant-repository.contract.ts.
 */
export interface ApplicantRepository {
  /** @throws CorruptRecordError when the stored record cannot be used. */
  get(userId: number): Promise<Applicant | undefined>;
  /**
   * Runs `change` on the current record and stores what it returns; resolves with its `result`. A change
   * that throws rejects the call and stores nothing.
   * @throws CorruptRecordError when the stored record cannot be used (`change` is not called).
   */
  update<T>(userId: number, change: (current: Applicant | undefined) => ApplicantChange<T>): Promise<T>;
  /** Removes the record, also one that cannot be used (delete my data); true when there was one. */
  delete(userId: number): Promise<boolean>;
  /**
   * The applicants whose dossier is in one of these states, without loading the others. A record that
   * cannot be used is reported when the listing reaches it (a record whose state cannot be read is reached).
   */
  listByState(states: readonly DossierState[]): Promise<Applicant[]>;
  /** Every applicant (scheduled passes over everyone, exports). */
  all(): Promise<Applicant[]>;
}
