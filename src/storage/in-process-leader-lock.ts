import type { LeaderLock } from '../app/ports/leader-lock.js';

/**
 * The embedded LeaderLock: the embedded set runs one process, so it is the leader; what the lock still
 * keeps is one pass of a name at a time within it (a reminder tick that fires while the last one runs is
 * skipped, not stacked). `nmle remind` beside a running bot is kept from sending twice by the outbox's
 * dedupe keys, not by this lock.
 */
export function createInProcessLeaderLock(): LeaderLock {
  const running = new Set<string>();
  return {
    async runExclusive<T>(name: string, work: () => Promise<T>): Promise<T | undefined> {
      if (running.has(name)) return undefined;
      running.add(name);
      try {
        return await work();
      } finally {
        running.delete(name);
      }
    },
  };
}
