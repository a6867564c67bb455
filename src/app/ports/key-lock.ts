/**
 * Runs work for one key at a time, in arrival order; other keys run freely. What it covers: one applicant's
 * updates (a button press racing a message), one reviewer's decision in progress.
 */
export interface KeyLock {
  run<T>(key: string, work: () => Promise<T>): Promise<T>;
}
