import type { FactValue } from '../../domain/condition.js';
import type { DossierState } from '../../domain/dossier.js';

/** One dossier as the console's queue lists and filters it: no pictures, no history. */
export interface QueueEntry {
  readonly userId: number;
  readonly state: DossierState;
  readonly submittedAt: string | undefined;
  readonly answers: Readonly<Record<string, FactValue>>;
}

/** What the database narrows the queue by: one state, and the stored answers as they are. */
export interface QueueQuery {
  readonly state: DossierState;
  /** The stored answer `target` equals this. */
  readonly exam?: string;
  /** The stored answer `category` equals this. */
  readonly category?: string;
  /** Submitted strictly before this time (ISO 8601, UTC, as the dossier stores it). */
  readonly submittedBefore?: string;
}

/** A stretch of the ordered matches: skip `offset`, then at most `limit`. */
export interface QueueRange {
  readonly offset: number;
  readonly limit: number;
}

export interface QueuePage {
  /**
   * How many dossiers match, over every page. Counted in the database by the fields it filters on: a
   * current-version record whose other fields cannot be used counts here (and in `counts`) but is never
   * listed, and is reported when a listing meets it.
   */
  readonly total: number;
  /** The matches in the range asked for (all without one), oldest submission first, then by user id. */
  readonly entries: QueueEntry[];
}

/**
 * The dossiers by state, read as far as the queue needs them. ApplicantRepository.listByState parses every
 * whole record (pictures and all), which for 10,000 dossiers takes most of a second; this reads four fields
 * in the database, and filters, counts and pages there. It answers what the repository would: a record of
 * another version is migrated and read whole, one that cannot be used is reported through the adapter's
 * `onCorrupt` (once per call) and left out. Every adapter passes test/contracts/dossier-queue-index.contract.ts.
 */
export interface DossierQueueIndex {
  /** The dossiers in one of `states`, in no particular order. */
  entries(states: readonly DossierState[]): Promise<QueueEntry[]>;
  /** How many dossiers are in each of `states` (0 for a state with none). */
  counts(states: readonly DossierState[]): Promise<Record<DossierState, number>>;
  /** The dossiers matching `query`, ordered, with their number; only `range` of them when given. */
  find(query: QueueQuery, range?: QueueRange): Promise<QueuePage>;
}
