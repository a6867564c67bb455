import type pg from 'pg';
import type { UpdateGate } from '../../app/ports/update-gate.js';
import type { Clock } from '../../domain/clock.js';
import { createKeyLock } from '../key-lock.js';
import { withReadCache } from '../update-read-cache.js';
import { APPLICANT_READ_COLUMNS, cacheApplicantRead } from './postgres-applicant-repository.js';

/**
 * The shared UpdateGate in two round trips per update, where a chat lock and an update log of their own take
 * four and two pooled connections: the chat's PostgreSQL advisory lock is held on a connection of `lockPool`
 * while the update is applied (a dead instance's connection closes and its locks go with it), and that same
 * connection checks and records the update in `processed_updates` — on a loopback socket on a busy machine each
 * round trip costs a context switch, the largest cost of an update here (bench/interviews.ts).
 *
 * Both round trips are simple-protocol queries of several statements, so their values are written in as
 * literals (integers, and the key and time escaped by the driver). The first opens a transaction, takes the
 * lock for that transaction (pg_advisory_xact_lock) and then checks the log: under READ COMMITTED each
 * statement takes its own snapshot, so the check sees what the previous holder recorded. The second records
 * the update and commits, which is what lets the lock go: the record is visible before the next holder can
 * look, with no unlock statement (nor its transaction) of its own. Between the two the connection is idle in a
 * transaction that has taken no snapshot to keep and no transaction id, so it holds nothing back from vacuum.
 * Work of one key in this process queues first, in process: a busy chat holds one lock connection. `lockPool`
 * must not be the pool the work queries (work waiting for a connection its own lock holds would wait for ever).
 */
export function createPostgresUpdateGate(lockPool: pg.Pool, clock: Clock): UpdateGate {
  const local = createKeyLock();
  return {
    run({ chatKey, updateId, userId }, work) {
      if (!Number.isSafeInteger(updateId)) throw new TypeError(`not an update id: ${updateId}`);
      const readAhead = userId !== undefined && Number.isSafeInteger(userId);
      return local.run(chatKey, async () => {
        const client = await lockPool.connect();
        const lockId = `hashtextextended(${client.escapeLiteral(chatKey)}, 0)`;
        let broken: Error | undefined;
        const failed = (error: Error) => {
          broken = error;
          throw error;
        };
        try {
          const results = (await client
            .query(
              `BEGIN;
               SELECT pg_advisory_xact_lock(${lockId});
               SELECT EXISTS (SELECT 1 FROM processed_updates WHERE update_id = ${updateId}) AS done;
               ${readAhead ? `SELECT ${APPLICANT_READ_COLUMNS} FROM applicants WHERE user_id = ${userId}` : 'SELECT 1 WHERE false'}`,
            )
            .catch(failed)) as unknown as pg.QueryResult[];
          try {
            if (results[2]?.rows[0]?.done) {
              await client.query('ROLLBACK').catch(failed);
              return 'duplicate';
            }
            // The update's handlers read the sender's record from here rather than in a round trip of their own.
            await withReadCache(async () => {
              if (readAhead) cacheApplicantRead(userId, results[3]?.rows[0] as never);
              await work();
            });
          } catch (error) {
            // The work's error is the one to report; a failed ROLLBACK only marks the connection.
            if (!broken)
              await client.query('ROLLBACK').catch((rollbackError: Error) => {
                broken = rollbackError;
              });
            throw error;
          }
          const at = client.escapeLiteral(clock.now().toISOString());
          await client
            .query(
              `INSERT INTO processed_updates (update_id, applied_at) VALUES (${updateId}, ${at})
                 ON CONFLICT (update_id) DO NOTHING;
               COMMIT`,
            )
            .catch(failed);
          return 'applied';
        } finally {
          // A connection whose ROLLBACK or COMMIT failed may still be in its transaction, holding the lock:
          // destroy it (the server then ends the transaction) rather than pool it.
          client.release(broken);
        }
      });
    },
    async prune(before) {
      const { rowCount } = await lockPool.query('DELETE FROM processed_updates WHERE applied_at < $1', [
        before,
      ]);
      return rowCount ?? 0;
    },
  };
}
