import type pg from 'pg';
import type { KeyLock } from '../../app/ports/key-lock.js';
import { createKeyLock } from '../key-lock.js';

/**
 * A KeyLock across every instance on one database: PostgreSQL's advisory lock on the key's 64-bit hash, held
 * on a connection of its own pool while the work runs. Work of one key in this process queues here first, so
 * a busy chat holds one lock connection, not one per update. A dead instance's connection closes and its locks
 * go with it. The lock connections come from `lockPool`, never from the pool the work itself queries: work
 * waiting for a connection its own lock holds would wait for ever.
 */
export function createPostgresKeyLock(lockPool: pg.Pool): KeyLock {
  const local = createKeyLock();
  return {
    run(key, work) {
      return local.run(key, async () => {
        const client = await lockPool.connect();
        let broken: Error | undefined;
        try {
          await client.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [key]);
          try {
            return await work();
          } finally {
            await client
              .query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [key])
              .catch((error: Error) => {
                broken = error;
              });
          }
        } finally {
          // A connection whose unlock failed may still hold the lock: destroy it rather than pool it.
          client.release(broken);
        }
      });
    },
  };
}
