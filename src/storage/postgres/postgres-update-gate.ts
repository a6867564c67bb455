import type pg from 'pg';
import type { GateOutcome, UpdateGate } from '../../app/ports/update-gate.js';
import type { Clock } from '../../domain/clock.js';
import { createKeyLock } from '../key-lock.js';
import { withReadCache } from '../update-read-cache.js';
import { createChatLockBatches } from './chat-lock-batches.js';
import { APPLICANT_READ_COLUMNS, cacheApplicantRead } from './postgres-applicant-repository.js';

/**
 * The shared UpdateGate: each update is applied under its chat's PostgreSQL advisory lock (a dead instance's
 * connection closes and its locks go with it), checked against and recorded in `processed_updates` under it.
 * On a loopback socket on a busy machine a round trip (a backend woken, then this process) is the largest cost
 * of an update (bench/interviews.ts), so the lock is first tried on a session shared by the instance's updates,
 * where the round trips of updates arriving together are one (chat-lock-batches.ts): under load an update's
 * lock, log check, read-ahead and record cost a fraction of a round trip.
 *
 * A chat whose lock another instance holds (its button press racing its message there) waits on a connection
 * of its own, in two round trips of several simple-protocol statements (values written in as literals): the
 * first opens a transaction, takes the lock for it (pg_advisory_xact_lock) and then checks the log — under
 * READ COMMITTED each statement takes its own snapshot, so the check sees what the previous holder recorded.
 * The second records the update and commits, which is what lets the lock go: the record is visible before the
 * next holder can look. In between, the transaction has no snapshot to keep nor a transaction id, so it holds
 * nothing back from vacuum.
 *
 * Work of one key in this process queues first, in process, so a chat is never locked twice from here. `lockPool`
 * must not be the pool the work queries (work waiting for a connection its own lock holds would wait for ever).
 */
export function createPostgresUpdateGate(lockPool: pg.Pool, clock: Clock): UpdateGate {
  const local = createKeyLock();
  const batches = createChatLockBatches(lockPool);

  /** The update applied under a chat lock taken on the shared session, with the lock's round trips shared. */
  async function runBatched(
    { chatKey, updateId, userId }: { chatKey: string; updateId: number; userId: number | undefined },
    work: () => Promise<void>,
  ): Promise<GateOutcome | 'busy'> {
    const taken = await batches.tryAcquire({ chatKey, updateId, ...(userId !== undefined && { userId }) });
    if (!taken.locked) return 'busy';
    if (taken.done) {
      await taken.release();
      return 'duplicate';
    }
    try {
      await workWithReadAhead(userId, taken.applicant, work);
    } catch (error) {
      // The work's error is the one to report; the lock goes either way (a failed round trip takes it along).
      await taken.release().catch(() => undefined);
      throw error;
    }
    await taken.release(clock.now());
    return 'applied';
  }

  /** The update applied under a chat lock waited for on a connection of its own (another instance holds it). */
  async function runWaiting(
    { chatKey, updateId, userId }: { chatKey: string; updateId: number; userId: number | undefined },
    work: () => Promise<void>,
  ): Promise<GateOutcome> {
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
               ${userId !== undefined ? `SELECT ${APPLICANT_READ_COLUMNS} FROM applicants WHERE user_id = ${userId}` : 'SELECT 1 WHERE false'}`,
        )
        .catch(failed)) as unknown as pg.QueryResult[];
      try {
        if (results[2]?.rows[0]?.done) {
          await client.query('ROLLBACK').catch(failed);
          return 'duplicate';
        }
        await workWithReadAhead(userId, results[3]?.rows[0], work);
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
  }

  return {
    run({ chatKey, updateId, userId }, work) {
      if (!Number.isSafeInteger(updateId)) throw new TypeError(`not an update id: ${updateId}`);
      const update = {
        chatKey,
        updateId,
        userId: userId !== undefined && Number.isSafeInteger(userId) ? userId : undefined,
      };
      return local.run(chatKey, async () => {
        const outcome = await runBatched(update, work);
        return outcome === 'busy' ? runWaiting(update, work) : outcome;
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

/** Runs the update's work with the sender's row read ahead in its read cache, which its handlers read from. */
function workWithReadAhead(
  userId: number | undefined,
  row: unknown,
  work: () => Promise<void>,
): Promise<void> {
  return withReadCache(async () => {
    if (userId !== undefined) cacheApplicantRead(userId, row as never);
    await work();
  });
}
