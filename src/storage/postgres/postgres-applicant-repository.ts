import type pg from 'pg';
import type { ApplicantChange, ApplicantRepository } from '../../app/ports/applicant-repository.js';
import type { Applicant } from '../../domain/applicant.js';
import type { DossierState } from '../../domain/dossier.js';
import { CorruptRecordError, type OnCorruptRecord } from '../../errors.js';
import { APPLICANT_RECORD, applicantKey, parseApplicant } from '../applicant-migrations.js';
import { createKeyLock } from '../key-lock.js';
import { inTransaction, selectForUpdate } from './postgres-store.js';

export interface PostgresApplicantRepositoryOptions {
  /** Told of each record a listing skipped because it cannot be used; wire it to the logger. */
  readonly onCorrupt: OnCorruptRecord;
  /** The route (flow section) an applicant is on, for the indexed `route` column; none by default. */
  readonly routeOf?: (applicant: Applicant) => string | undefined;
}

interface Row {
  readonly user_id: string;
  readonly record: unknown;
}

const keyOf = applicantKey;

/**
 * The shared ApplicantRepository: one row per applicant in `applicants` (the record as jsonb, its state,
 * version and category generated from it and indexed, its submission and decision times beside it). A
 * change is a read-modify-write in one transaction holding the row lock (`SELECT … FOR UPDATE`), so two
 * changes of one applicant made by any processes at once both take effect. Within this process the changes
 * of one applicant also queue on a key lock, so they wait without holding a pooled connection each.
 * Nothing is cached: another instance may have written since.
 */
export function createPostgresApplicantRepository(
  pool: pg.Pool,
  options: PostgresApplicantRepositoryOptions,
): ApplicantRepository {
  const lock = createKeyLock();
  const readRow = (row: Row): Applicant => {
    const record = parseApplicant(keyOf(row.user_id), row.record);
    if (record instanceof CorruptRecordError) throw record;
    return record;
  };
  const toApplicants = (rows: readonly Row[]): Applicant[] => {
    const found: Applicant[] = [];
    for (const row of rows) {
      const record = parseApplicant(keyOf(row.user_id), row.record);
      if (record instanceof CorruptRecordError) options.onCorrupt(record);
      else found.push(record);
    }
    return found;
  };

  return {
    async get(userId) {
      const { rows } = await pool.query<Row>('SELECT user_id, record FROM applicants WHERE user_id = $1', [
        userId,
      ]);
      return rows[0] && readRow(rows[0]);
    },
    update: <T>(userId: number, change: (current: Applicant | undefined) => ApplicantChange<T>) =>
      lock.run(String(userId), () =>
        inTransaction(pool, async (client) => {
          const row = await selectForUpdate<Row>(
            client,
            'SELECT user_id, record FROM applicants WHERE user_id = $1',
            [userId],
            keyOf(userId),
          );
          const { record, result } = change(row && readRow(row));
          if (record)
            await write(client, userId, record, options.routeOf && { route: options.routeOf(record) });
          return result;
        }),
      ),
    delete: (userId) =>
      lock.run(String(userId), async () => {
        const { rowCount } = await pool.query('DELETE FROM applicants WHERE user_id = $1', [userId]);
        return rowCount === 1;
      }),
    async listByState(states: readonly DossierState[]) {
      if (states.length === 0) return [];
      // Also every row this release cannot judge by its columns: another version (an older one is migrated
      // and judged below; a newer or missing one is reported), or no state. Each arm can use an index.
      const { rows } = await pool.query<Row>(
        `SELECT user_id, record FROM applicants
         WHERE state = ANY($1::text[]) OR state IS NULL OR version < $2 OR version > $2 OR version IS NULL
         ORDER BY user_id`,
        [[...new Set(states)], APPLICANT_RECORD.migrations.current],
      );
      const wanted = new Set<string>(states);
      return toApplicants(rows).filter((a) => wanted.has(a.dossier.state));
    },
    async all() {
      const { rows } = await pool.query<Row>('SELECT user_id, record FROM applicants ORDER BY user_id');
      return toApplicants(rows);
    },
  };
}

/**
 * Writes the record and its columns. `routed` undefined: this writer does not know the flow (a command that
 * only flags a record), so the stored route is kept rather than cleared.
 */
async function write(
  client: pg.PoolClient,
  userId: number,
  record: Applicant,
  routed: { route: string | undefined } | undefined,
) {
  await client.query(
    `INSERT INTO applicants (user_id, record, route, submitted_at, decided_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, now())
     ON CONFLICT (user_id) DO UPDATE SET record = excluded.record,
       route = CASE WHEN $6 THEN excluded.route ELSE applicants.route END,
       submitted_at = excluded.submitted_at, decided_at = excluded.decided_at, updated_at = now()`,
    [
      userId,
      JSON.stringify(record),
      routed?.route ?? null,
      toTime(record.dossier.submittedAt),
      decidedAt(record),
      routed !== undefined,
    ],
  );
}

/**
 * When the exam office last decided on the dossier: the time the decision recorded (for an approval made
 * before approvals kept their time, the record's last change).
 */
function decidedAt(record: Applicant): string | null {
  const { dossier } = record;
  switch (dossier.state) {
    case 'rejected':
      return toTime(dossier.rejection?.at ?? record.updatedAt);
    case 'returned':
      return toTime(dossier.feedback?.at ?? record.updatedAt);
    case 'approved':
      return toTime(dossier.approvedAt ?? record.updatedAt);
    default:
      return null;
  }
}

/** A recorded time for a timestamptz column; one that is not a time leaves the column empty, not the write failed. */
function toTime(text: string | undefined): string | null {
  const ms = text === undefined ? Number.NaN : Date.parse(text);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}
