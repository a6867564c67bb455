import type { FactValue } from '../../domain/condition.js';
import type { DossierState } from '../../domain/dossier.js';

/** One dossier as the console's queue lists and filters it: no pictures, no history. */
export interface QueueEntry {
  readonly userId: number;
  readonly state: DossierState;
  readonly submittedAt: string | undefined;
  readonly answers: Readonly<Record<string, FactValue>>;
}

/**
 * The dossiers by state, read as far as the queue needs them. ApplicantRepository.listByState parses every
 * whole record (pictures and all), which for 10,000 dossiers takes most of a second; this reads four fields
 * in the database. It answers what the repository would: a record of another version is migrated and read
 * whole, one that cannot be used is reported through the adapter's `onCorrupt` and left out. Every adapter
 * passes test/contracts/dossier-queue-index.contract.ts.
 */
export interface DossierQueueIndex {
  /** The dossiers in one of `states`, in no particular order. */
  entries(states: readonly DossierState[]): Promise<QueueEntry[]>;
}
