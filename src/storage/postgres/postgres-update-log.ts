import type pg from 'pg';
import type { UpdateLog } from '../../app/ports/update-log.js';
import type { Clock } from '../../domain/clock.js';

/** The applied updates in `processed_updates`, one row per update_id, shared by every instance. */
export function createPostgresUpdateLog(pool: pg.Pool, clock: Clock): UpdateLog {
  return {
    async has(updateId) {
      const { rowCount } = await pool.query('SELECT 1 FROM processed_updates WHERE update_id = $1', [
        updateId,
      ]);
      return (rowCount ?? 0) > 0;
    },
    async record(updateId) {
      await pool.query(
        'INSERT INTO processed_updates (update_id, applied_at) VALUES ($1, $2) ON CONFLICT (update_id) DO NOTHING',
        [updateId, clock.now()],
      );
    },
    async prune(before) {
      const { rowCount } = await pool.query('DELETE FROM processed_updates WHERE applied_at < $1', [before]);
      return rowCount ?? 0;
    },
  };
}
