import pg from 'pg';

/** One applicant row to write: its record and columns, if the row is still at version `rev` (none: no row yet). */
export interface ApplicantWrite {
  readonly userId: number;
  /** The record, as JSON. */
  readonly record: string;
  /** The route column's new value; undefined: the writer does not know it, and the stored one stays. */
  readonly route: { readonly value: string | null } | undefined;
  readonly submittedAt: string | null;
  readonly decidedAt: string | null;
  readonly rev: string | undefined;
}

export interface ApplicantWrites {
  /** Resolves with the written row's version, or undefined when the row was no longer at `rev` (not written). */
  write(write: ApplicantWrite): Promise<string | undefined>;
}

/** Statements per round trip: about 60 KB of records at most. */
const MAX_BATCH = 100;

/**
 * Group commit for applicant writes: writes issued while a batch's round trip is out go together in the
 * next, one simple-protocol query of one statement each (values written in as literals, the record escaped by
 * the driver), committed as one transaction — a write resolves only once committed, so durability is as a
 * write of its own, but the updates applied together on a busy instance share one wake-up of a backend and of
 * this process instead of one each (bench/interviews.ts). Rows are written in user id order, so that two
 * instances' batches lock them in one order and never wait for each other in a cycle.
 *
 * A batch the server refuses (one record it cannot take, say) is rolled back whole, and its writes are made
 * again one by one, so that only that one fails; a write alone is the same statement. A batch whose connection
 * fails is not: it may have committed, and each of its writers learns of the failure (as they would have alone).
 */
export function createApplicantWrites(pool: pg.Pool): ApplicantWrites {
  let pending: Pending[] = [];
  let flushing = false;

  function flush() {
    if (flushing) return;
    flushing = true;
    void (async () => {
      while (pending.length > 0) {
        const batch = pending.slice(0, MAX_BATCH);
        pending = pending.slice(batch.length);
        await writeBatch(pool, batch);
      }
      flushing = false;
    })();
  }

  return {
    write(write) {
      // Checked here, so that a batch's statements are all written in safely and one bad id fails alone.
      if (!Number.isSafeInteger(write.userId))
        return Promise.reject(new TypeError(`not a user id: ${write.userId}`));
      return new Promise((resolve, reject) => {
        pending.push({ write, resolve, reject });
        flush();
      });
    },
  };
}

interface Pending {
  readonly write: ApplicantWrite;
  resolve(rev: string | undefined): void;
  reject(error: unknown): void;
}

/** Settles every write of the batch; never throws. */
async function writeBatch(pool: pg.Pool, batch: Pending[]): Promise<void> {
  const ordered = [...batch].sort((a, b) => a.write.userId - b.write.userId);
  let results: pg.QueryResult[];
  try {
    const answer = (await pool.query(
      ordered.map(({ write }) => statementOf(write)).join(';\n'),
    )) as unknown as pg.QueryResult | pg.QueryResult[];
    results = Array.isArray(answer) ? answer : [answer];
    if (results.length !== ordered.length)
      throw new Error(`${results.length} results for ${ordered.length} statements`);
  } catch (error) {
    if (!(error instanceof pg.DatabaseError) || ordered.length === 1) {
      for (const pending of ordered) pending.reject(error);
      return;
    }
    // Refused, so nothing of it was written: each write again on its own, and only the one refused fails.
    await Promise.all(ordered.map((pending) => writeBatch(pool, [pending])));
    return;
  }
  ordered.forEach((pending, i) => pending.resolve((results[i]?.rows[0] as { rev: string } | undefined)?.rev));
}

const literal = (value: string | null) => (value === null ? 'NULL' : pg.escapeLiteral(value));

/** The write as one statement, its values written in: the row's version if written, no row if not. */
function statementOf(write: ApplicantWrite): string {
  const record = literal(write.record);
  const submittedAt = literal(write.submittedAt);
  const decidedAt = literal(write.decidedAt);
  const route = literal(write.route?.value ?? null);
  if (write.rev === undefined)
    return `INSERT INTO applicants (user_id, record, route, submitted_at, decided_at, updated_at)
      VALUES (${write.userId}, ${record}, ${route}, ${submittedAt}, ${decidedAt}, now())
      ON CONFLICT (user_id) DO NOTHING RETURNING xmin::text AS rev`;
  return `UPDATE applicants SET record = ${record}, ${write.route ? `route = ${route}, ` : ''}
      submitted_at = ${submittedAt}, decided_at = ${decidedAt}, updated_at = now()
    WHERE user_id = ${write.userId} AND xmin = ${literal(write.rev)}::text::xid RETURNING xmin::text AS rev`;
}
