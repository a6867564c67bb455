/**
 * One holder at a time across every process that shares the store, for work that must not run twice at
 * once (a reminder pass). `runExclusive` resolves with undefined, without running `work`, when another
 * holder has it.
 */
export interface LeaderLock {
  runExclusive<T>(name: string, work: () => Promise<T>): Promise<T | undefined>;
}
