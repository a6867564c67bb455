import type pg from 'pg';
import type { DossierQueueIndex, QueueEntry, QueueQuery } from '../../app/ports/dossier-queue-index.js';
import { DOSSIER_STATES, type DossierState } from '../../domain/dossier.js';
import { CorruptRecordError, type OnCorruptRecord } from '../../errors.js';
import { APPLICANT_RECORD } from '../applicant-migrations.js';
import {
  byQueueOrder,
  isQueueEntry,
  matchesQuery,
  pageOf,
  QueueEntrySchema,
} from '../dossier-queue-index-store.js';
import { parseStoredRecord } from '../stored-record.js';

interface QueueRow {
  user_id: string;
  state: string | null;
  submitted: string | null;
  answers: unknown;
}

const SELECT = 'SELECT user_id, state, submitted, answers FROM applicants';
/** Text order by code point, as the embedded store and the index (migration 5) order submission times. */
const ORDER = 'ORDER BY submitted COLLATE "C" NULLS FIRST, user_id';

/**
 * The shared DossierQueueIndex: the generated columns of migration 5 (`target`, `submitted`, `answers`,
 * beside `state` and `category`) and its index let PostgreSQL filter, count and page the queue without
 * reading the records; a record of another version comes whole and is migrated and read as the applicant
 * repository reads it.
 */
export function createPostgresDossierQueueIndex(
  pool: pg.Pool,
  options: { onCorrupt: OnCorruptRecord },
): DossierQueueIndex {
  const current = APPLICANT_RECORD.migrations.current;

  async function others(): Promise<QueueEntry[]> {
    const { rows } = await pool.query<{ user_id: string; record: unknown }>(
      'SELECT user_id, record FROM applicants WHERE version IS DISTINCT FROM $1',
      [current],
    );
    return usable(rows.map((row) => fromWhole(`applicant:${row.user_id}`, row.record)));
  }

  function usable(read: (QueueEntry | CorruptRecordError)[]): QueueEntry[] {
    const entries: QueueEntry[] = [];
    for (const entry of read)
      if (entry instanceof CorruptRecordError) options.onCorrupt(entry);
      else entries.push(entry);
    return entries;
  }

  function where(query: QueueQuery): { sql: string; params: unknown[] } {
    const params: unknown[] = [current, query.state];
    const parts = ['version = $1', 'state = $2'];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      parts.push(`${sql} $${params.length}`);
    };
    if (query.submittedBefore !== undefined) add('submitted COLLATE "C" <', query.submittedBefore);
    if (query.exam !== undefined) add('target =', query.exam);
    if (query.category !== undefined) add('category =', query.category);
    return { sql: parts.join(' AND '), params };
  }

  const fields = (rows: QueueRow[]) => usable(rows.map((row) => fromFields(`applicant:${row.user_id}`, row)));

  return {
    async entries(states) {
      if (states.length === 0) return [];
      const { rows } = await pool.query<QueueRow>(`${SELECT} WHERE version = $1 AND state = ANY($2)`, [
        current,
        [...states],
      ]);
      return [...fields(rows), ...(await others())].filter((e) => states.includes(e.state));
    },

    async counts(states) {
      const counts = Object.fromEntries(DOSSIER_STATES.map((s) => [s, 0])) as Record<DossierState, number>;
      if (states.length === 0) return counts;
      const { rows } = await pool.query<{ state: string; n: string }>(
        'SELECT state, count(*) AS n FROM applicants WHERE version = $1 AND state = ANY($2) GROUP BY state',
        [current, [...states]],
      );
      for (const row of rows) counts[row.state as DossierState] = Number(row.n);
      for (const entry of await others()) if (states.includes(entry.state)) counts[entry.state] += 1;
      return counts;
    },

    async find(query, range) {
      const extra = (await others()).filter((e) => matchesQuery(e, query));
      const { sql, params } = where(query);
      if (range === undefined || extra.length > 0) {
        const { rows } = await pool.query<QueueRow>(`${SELECT} WHERE ${sql} ${ORDER}`, params);
        return pageOf([...fields(rows), ...extra].sort(byQueueOrder), range);
      }
      const n = params.length;
      const [page, counted] = await Promise.all([
        pool.query<QueueRow>(`${SELECT} WHERE ${sql} ${ORDER} LIMIT $${n + 1} OFFSET $${n + 2}`, [
          ...params,
          range.limit,
          range.offset,
        ]),
        pool.query<{ n: string }>(`SELECT count(*) AS n FROM applicants WHERE ${sql}`, params),
      ]);
      return { total: Number(counted.rows[0]?.n ?? 0), entries: fields(page.rows) };
    },
  };
}

function fromWhole(key: string, raw: unknown): QueueEntry | CorruptRecordError {
  const record = parseStoredRecord(key, raw, APPLICANT_RECORD);
  if (record instanceof CorruptRecordError) return record;
  const { userId, dossier, answers } = record;
  return { userId, state: dossier.state, submittedAt: dossier.submittedAt, answers };
}

function fromFields(key: string, row: QueueRow): QueueEntry | CorruptRecordError {
  const fields = {
    userId: Number(row.user_id),
    state: row.state,
    submittedAt: row.submitted ?? undefined,
    answers: row.answers,
  };
  if (isQueueEntry(fields)) return fields;
  const parsed = QueueEntrySchema.safeParse(fields);
  if (parsed.success) return { ...parsed.data, submittedAt: parsed.data.submittedAt };
  const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ');
  return new CorruptRecordError(key, `the record does not parse: ${issues}`, { cause: parsed.error });
}
