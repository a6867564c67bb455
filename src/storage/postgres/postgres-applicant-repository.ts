import type pg from 'pg';
import type { ApplicantChange, ApplicantRepository } from '../../app/ports/applicant-repository.js';
import type { Applicant } from '../../domain/applicant.js';
import type { DossierState } from '../../domain/dossier.js';
import { CorruptRecordError, type OnCorruptRecord } from '../../errors.js';
import { APPLICANT_RECORD, applicantKey, parseApplicant } from '../applicant-migrations.js';
import { createKeyLock } from '../key-lock.js';
import { readCache } from '../update-read-cache.js';
import { type ApplicantWrites, createApplicantWrites } from './applicant-writes.js';

export interface PostgresApplicantRepositoryOptions {
  /** Told of each record a listing skipped because it cannot be used; wire it to the logger. */
  readonly onCorrupt: OnCorruptRecord;
  /** The route (flow section) an applicant is on, for the indexed `route` column; none by default. */
  readonly routeOf?: (applicant: Applicant) => string | undefined;
}

/** A record as read, with the row version a write must still find. */
interface Versioned {
  readonly applicant: Applicant;
  readonly rev: string;
}

const cacheKey = (userId: number) => `applicant:${userId}`;

/** The columns an applicant is read with (its record and row version), for a query that reads ahead. */
export const APPLICANT_READ_COLUMNS = 'user_id, record, xmin::text AS rev';

/**
 * Puts an applicant row read ahead (by the update gate, in the round trip that takes the chat's lock) in the
 * running update's read cache, as this repository's own read would; a row it cannot use is left for that read
 * (which reports it). No row: the applicant is new, and is cached as such.
 */
export function cacheApplicantRead(userId: number, row: (Row & { rev: string }) | undefined): void {
  const cache = readCache();
  if (!cache) return;
  if (!row) return void cache.set(cacheKey(userId), undefined);
  const record = parseApplicant(keyOf(row.user_id), row.record);
  if (!(record instanceof CorruptRecordError))
    cache.set(cacheKey(userId), { applicant: record, rev: row.rev });
}

interface Row {
  readonly user_id: string;
  readonly record: unknown;
}

const keyOf = applicantKey;

/** Tries of a change whose record others keep changing first: far more than instances racing on one applicant. */
const MAX_ATTEMPTS = 20;

/**
 * The shared ApplicantRepository: one row per applicant in `applicants` (the record as jsonb, its state,
 * version and category generated from it and indexed, its submission and decision times beside it). A
 * change is an optimistic read-modify-write: the row is read with its version (`xmin`) and written only if
 * that is still its version, else read and changed again, so two changes of one applicant made by any
 * processes at once both take effect. Two round trips where a transaction holding the row lock takes four
 * (BEGIN, SELECT … FOR UPDATE, write, COMMIT) — on a loopback socket each is a context switch, and an update
 * makes one or two changes — and a change that writes nothing is one read. Within this process the changes of
 * one applicant queue on a key lock, so they only race with other instances (rare: webhook mode applies one
 * chat's updates one at a time across instances; the console and reminders are the others). Writes made
 * at the same time go to the server together (applicant-writes.ts).
 * Nothing is cached: another instance may have written since.
 */
export function createPostgresApplicantRepository(
  pool: pg.Pool,
  options: PostgresApplicantRepositoryOptions,
): ApplicantRepository {
  const lock = createKeyLock();
  const writes = createApplicantWrites(pool);
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

  /** The record and its version, from the running update's cache when it has read it already. */
  const read = async (userId: number): Promise<Versioned | undefined> => {
    const cache = readCache();
    const key = cacheKey(userId);
    if (cache?.has(key)) return cache.get(key) as Versioned | undefined;
    const { rows } = await pool.query<Row & { rev: string }>({
      // Named: each connection plans it once (reads an update's read-ahead did not cover: jobs, the console).
      name: 'applicant-read',
      text: `SELECT ${APPLICANT_READ_COLUMNS} FROM applicants WHERE user_id = $1`,
      values: [userId],
    });
    const row = rows[0];
    const found = row && { applicant: readRow(row), rev: row.rev };
    cache?.set(key, found);
    return found;
  };

  return {
    async get(userId) {
      return (await read(userId))?.applicant;
    },
    update: <T>(userId: number, change: (current: Applicant | undefined) => ApplicantChange<T>) =>
      lock.run(String(userId), async () => {
        for (let attempt = 1; ; attempt++) {
          const found = await read(userId);
          const { record, result } = change(found?.applicant);
          if (!record) return result;
          const routed = options.routeOf && { route: options.routeOf(record) };
          const rev = await write(writes, userId, record, routed, found?.rev);
          const cache = readCache();
          if (rev !== undefined) {
            cache?.set(cacheKey(userId), { applicant: record, rev });
            return result;
          }
          // Another instance changed (or created) the record since it was read: read it again, change that.
          cache?.delete(cacheKey(userId));
          if (attempt === MAX_ATTEMPTS)
            throw new Error(`applicant record changed by others ${MAX_ATTEMPTS} times in a row`);
        }
      }),
    delete: (userId) =>
      lock.run(String(userId), async () => {
        readCache()?.delete(cacheKey(userId));
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
 * Writes the record and its columns if the row is still the version read (`rev`, its `xmin`: every update of
 * a row gives it a new one), or, with no `rev`, if there is still no row; resolves with the written row's
 * version, or undefined when it did not write.
 * `routed` undefined: this writer does not know the flow (a command that only flags a record), so the stored
 * route is kept rather than cleared.
 */
function write(
  writes: ApplicantWrites,
  userId: number,
  record: Applicant,
  routed: { route: string | undefined } | undefined,
  rev: string | undefined,
): Promise<string | undefined> {
  return writes.write({
    userId,
    record: JSON.stringify(record),
    route: routed && { value: routed.route ?? null },
    submittedAt: toTime(record.dossier.submittedAt),
    decidedAt: decidedAt(record),
    rev,
  });
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
