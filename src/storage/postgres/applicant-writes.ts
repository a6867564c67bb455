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
 * again one by one, so that only that one fails. A batch whose connection fails is not: it may have
 * committed, and each of its writers learns of the failure (as they would have alone).
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
  if (batch.length === 1) {
    const [only] = batch as [Pending];
    return writeAlone(pool, only.write).then(only.resolve, only.reject);
  }
  const ordered = [...batch].sort((a, b) => a.write.userId - b.write.userId);
  const statements = ordered.map(({ write }) => statementOf(write));
  let results: pg.QueryResult[];
  try {
    results = (await pool.query(statements.join(';\n'))) as unknown as pg.QueryResult[];
    if (!Array.isArray(results) || results.length !== statements.length)
      throw new Error(`${results.length} results for ${statements.length} statements`);
  } catch (error) {
    if (!(error instanceof pg.DatabaseError)) {
      for (const pending of ordered) pending.reject(error);
      return;
    }
    // Refused, so nothing of it was written: each write again on its own, and only the one refused fails.
    await Promise.all(
      ordered.map((pending) => writeAlone(pool, pending.write).then(pending.resolve, pending.reject)),
    );
    return;
  }
  ordered.forEach((pending, i) => pending.resolve((results[i]?.rows[0] as { rev: string } | undefined)?.rev));
}

const literal = (value: string | null) => (value === null ? 'NULL' : pg.escapeLiteral(value));

function statementOf(write: ApplicantWrite): string {
  const record = literal(write.record);
  const submittedAt = literal(write.submittedAt);
  const decidedAt = literal(write.decidedAt);
  const route = literal(write.route?.value ?? null);
  if (!Number.isSafeInteger(write.userId)) throw new TypeError(`not a user id: ${write.userId}`);
  if (write.rev === undefined)
    return `INSERT INTO applicants (user_id, record, route, submitted_at, decided_at, updated_at)
      VALUES (${write.userId}, ${record}, ${route}, ${submittedAt}, ${decidedAt}, now())
      ON CONFLICT (user_id) DO NOTHING RETURNING xmin::text AS rev`;
  return `UPDATE applicants SET record = ${record}, ${write.route ? `route = ${route}, ` : ''}
      submitted_at = ${submittedAt}, decided_at = ${decidedAt}, updated_at = now()
    WHERE user_id = ${write.userId} AND xmin = ${literal(write.rev)}::text::xid RETURNING xmin::text AS rev`;
}

/** A write in a round trip of its own, as a prepared statement (each connection plans it once). */
async function writeAlone(pool: pg.Pool, write: ApplicantWrite): Promise<string | undefined> {
  const values = [write.userId, write.record, write.route?.value ?? null, write.submittedAt, write.decidedAt];
  const { rows } =
    write.rev === undefined
      ? await pool.query({
          name: 'applicant-insert',
          text: `INSERT INTO applicants (user_id, record, route, submitted_at, decided_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, now()) ON CONFLICT (user_id) DO NOTHING RETURNING xmin::text AS rev`,
          values,
        })
      : await pool.query({
          name: 'applicant-update',
          text: `UPDATE applicants SET record = $2, route = CASE WHEN $6 THEN $3 ELSE route END,
             submitted_at = $4, decided_at = $5, updated_at = now()
           WHERE user_id = $1 AND xmin = $7::text::xid RETURNING xmin::text AS rev`,
          values: [...values, write.route !== undefined, write.rev],
        });
  return (rows[0] as { rev: string } | undefined)?.rev;
}
