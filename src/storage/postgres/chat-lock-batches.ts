import type pg from 'pg';
import { APPLICANT_READ_COLUMNS } from './postgres-applicant-repository.js';

/** A chat's lock taken on the shared session: what the update gate learnt in the same round trip. */
export interface HeldChatLock {
  readonly locked: true;
  /** The update is recorded as applied already. */
  readonly done: boolean;
  /** The sender's applicant row read under the lock (undefined: none, or not asked for). */
  readonly applicant: (Record<string, unknown> & { rev: string }) | undefined;
  /**
   * Lets the lock go, recording the update as applied first when `applied` says when. Rejects when the
   * session was lost meanwhile (the lock went with it) or the round trip failed.
   */
  release(applied?: Date): Promise<void>;
}

/** Another session holds the chat's lock (an update of the chat on another instance): wait for it elsewhere. */
export interface BusyChatLock {
  readonly locked: false;
}

export interface ChatLockBatches {
  /** Tries the chat's lock (never waits for it), checks the update log and reads the sender ahead. */
  tryAcquire(request: {
    readonly chatKey: string;
    readonly updateId: number;
    readonly userId?: number;
  }): Promise<HeldChatLock | BusyChatLock>;
}

interface Session {
  readonly client: pg.PoolClient;
  readonly onError: (error: Error) => void;
  /** Locks taken on it and not let go yet: it goes back to the pool only at none. */
  held: number;
  lost: boolean;
}

interface Acquire {
  readonly chatKey: string;
  readonly updateId: number;
  readonly userId: number | undefined;
  resolve(outcome: HeldChatLock | BusyChatLock): void;
  reject(error: Error): void;
}

interface Release {
  readonly chatKey: string;
  readonly session: Session;
  readonly updateId: number;
  /** When the update was applied, to record it before the lock goes; undefined: nothing to record. */
  readonly appliedAt: Date | undefined;
  resolve(): void;
  reject(error: Error): void;
}

/**
 * Chat locks for many updates at once, on one connection: PostgreSQL session-level advisory locks, tried
 * (pg_try_advisory_lock, which never blocks the connection) and let go in batches. Whatever arrives while a
 * batch's round trip is out goes in the next one, so under load an update's lock costs a fraction of a round
 * trip instead of two of its own — the round trip, a wake-up of a backend and of this process, being an
 * update's largest cost on a busy machine (bench/interviews.ts). A batch is one simple-protocol query:
 *   1. the applied updates recorded and committed (BEGIN … COMMIT), before
 *   2. their locks are let go: the next holder's check sees the record;
 *   3. the new locks tried, then, each a statement of its own and so a snapshot taken after the locks,
 *   4. the update log checked and 5. the senders' applicant rows read.
 * Values are written in as literals (integers, and the keys escaped by the driver). A lock taken elsewhere
 * (busy) is the caller's to wait for on a connection of its own. If the connection fails, the server lets its
 * locks go; the holders learn it when they let go, and fail. The connection goes back to the pool when it
 * holds no lock and nothing waits, so that the pool can end.
 */
export function createChatLockBatches(lockPool: pg.Pool): ChatLockBatches {
  let session: Session | undefined;
  let acquires: Acquire[] = [];
  let releases: Release[] = [];
  let flushing = false;

  function lose(lost: Session, error: Error) {
    if (lost.lost) return;
    lost.lost = true;
    if (session === lost) session = undefined;
    lost.client.release(error);
  }

  async function openSession(): Promise<Session> {
    const client = await lockPool.connect();
    // A checked-out client has no listener of the pool's: without one, a connection dropped between round
    // trips would throw from the client's 'error' event. Kept on a lost client, which may still emit.
    const opened: Session = { client, onError: (error: Error) => lose(opened, error), held: 0, lost: false };
    client.on('error', opened.onError);
    return opened;
  }

  async function runBatch(toAcquire: Acquire[], toRelease: Release[]): Promise<void> {
    let current: Session;
    try {
      session ??= await openSession();
      current = session;
    } catch (error) {
      for (const request of [...toAcquire, ...toRelease]) request.reject(error as Error);
      return;
    }
    const releasing = toRelease.filter((request) => request.session === current);
    for (const request of toRelease)
      if (request.session !== current)
        request.reject(new Error('the chat lock was lost with its connection'));
    if (releasing.length === 0 && toAcquire.length === 0) return;

    const { client } = current;
    const array = (values: readonly string[], type: string) => `ARRAY[${values.join(',')}]::${type}[]`;
    const statements: string[] = [];
    const rows = releasing.flatMap(({ updateId, appliedAt }) =>
      appliedAt ? [`(${updateId}, ${client.escapeLiteral(appliedAt.toISOString())})`] : [],
    );
    if (rows.length > 0) {
      statements.push(
        'BEGIN',
        `INSERT INTO processed_updates (update_id, applied_at) VALUES ${rows.join(',')} ON CONFLICT (update_id) DO NOTHING`,
        'COMMIT',
      );
    }
    if (releasing.length > 0) {
      const keys = array(
        releasing.map((request) => client.escapeLiteral(request.chatKey)),
        'text',
      );
      statements.push(`SELECT pg_advisory_unlock(hashtextextended(k, 0)) FROM unnest(${keys}) AS t(k)`);
    }
    if (toAcquire.length > 0) {
      const readers = toAcquire.filter((request) => request.userId !== undefined);
      const keys = array(
        toAcquire.map((request) => client.escapeLiteral(request.chatKey)),
        'text',
      );
      statements.push(
        `SELECT pg_try_advisory_lock(hashtextextended(k, 0)) AS locked
           FROM unnest(${keys}) WITH ORDINALITY AS t(k, n) ORDER BY n`,
        `SELECT update_id::text AS update_id FROM processed_updates WHERE update_id = ANY(${array(
          toAcquire.map((request) => String(request.updateId)),
          'bigint',
        )})`,
        readers.length > 0
          ? `SELECT ${APPLICANT_READ_COLUMNS} FROM applicants WHERE user_id = ANY(${array(
              readers.map((request) => String(request.userId)),
              'bigint',
            )})`
          : 'SELECT 1 WHERE false',
      );
    }
    let results: pg.QueryResult[];
    try {
      const answer = (await client.query(statements.join(';\n'))) as unknown as
        | pg.QueryResult
        | pg.QueryResult[];
      results = Array.isArray(answer) ? answer : [answer];
      if (results.length !== statements.length)
        throw new Error(`${results.length} results for ${statements.length} statements`);
    } catch (error) {
      // What the server did of the batch is unknown: drop the connection, and with it every lock it held.
      lose(current, error as Error);
      for (const request of [...toAcquire, ...releasing]) request.reject(error as Error);
      return;
    }
    current.held -= releasing.length;
    for (const request of releasing) request.resolve();
    if (toAcquire.length === 0) return;
    const [locks, done, applicants] = results.slice(-3) as [pg.QueryResult, pg.QueryResult, pg.QueryResult];
    const doneIds = new Set(done.rows.map((row) => row.update_id as string));
    const byUser = new Map(applicants.rows.map((row) => [String(row.user_id), row]));
    toAcquire.forEach((request, i) => {
      if (locks.rows[i]?.locked !== true) return request.resolve({ locked: false });
      current.held++;
      // Let go once: a second call answers with the first's outcome rather than unlock (and count) again.
      let released: Promise<void> | undefined;
      request.resolve({
        locked: true,
        done: doneIds.has(String(request.updateId)),
        applicant:
          request.userId === undefined
            ? undefined
            : (byUser.get(String(request.userId)) as HeldChatLock['applicant']),
        release: (applied) => {
          released ??= new Promise<void>((resolve, reject) => {
            releases.push({
              chatKey: request.chatKey,
              session: current,
              updateId: request.updateId,
              appliedAt: applied,
              resolve,
              reject,
            });
            flush();
          });
          return released;
        },
      });
    });
  }

  function flush() {
    if (flushing) return;
    flushing = true;
    void (async () => {
      // runBatch settles every request it takes and does not throw.
      while (acquires.length > 0 || releases.length > 0) {
        const toAcquire = acquires;
        const toRelease = releases;
        acquires = [];
        releases = [];
        await runBatch(toAcquire, toRelease);
      }
      flushing = false;
      if (session && session.held === 0) {
        // Back in the pool, the client may serve another session: this one's listener must not follow it.
        session.client.off('error', session.onError);
        session.client.release();
        session = undefined;
      }
    })();
  }

  return {
    tryAcquire({ chatKey, updateId, userId }) {
      return new Promise((resolve, reject) => {
        acquires.push({ chatKey, updateId, userId, resolve, reject });
        flush();
      });
    },
  };
}
