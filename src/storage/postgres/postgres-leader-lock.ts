import type pg from 'pg';
import type { LeaderLock } from '../../app/ports/leader-lock.js';
import { createInProcessLeaderLock } from '../in-process-leader-lock.js';

/**
 * One holder of a name at a time across every instance on the database: PostgreSQL's session advisory lock
 * on the name's hash, tried (never waited for) on a connection of `lockPool` and held while the work runs. An
 * instance that dies mid-pass drops its connection and with it the lock, so the next tick elsewhere takes
 * over. Within this process a name already running is skipped before any connection is taken.
 */
export function createPostgresLeaderLock(lockPool: pg.Pool): LeaderLock {
  const local = createInProcessLeaderLock();
  return {
    runExclusive(name, work) {
      return local.runExclusive(name, async () => {
        const client = await lockPool.connect();
        let broken: Error | undefined;
        try {
          const { rows } = await client.query<{ held: boolean }>(
            "SELECT pg_try_advisory_lock(hashtextextended('leader:' || $1, 0)) AS held",
            [name],
          );
          if (!rows[0]?.held) return undefined;
          try {
            return await work();
          } finally {
            await client
              .query("SELECT pg_advisory_unlock(hashtextextended('leader:' || $1, 0))", [name])
              .catch((error: Error) => {
                broken = error;
              });
          }
        } finally {
          client.release(broken);
        }
      });
    },
  };
}
