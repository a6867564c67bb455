import type Keyv from 'keyv';
import { z } from 'zod';
import type {
  DossierQueueIndex,
  QueueEntry,
  QueuePage,
  QueueQuery,
  QueueRange,
} from '../app/ports/dossier-queue-index.js';
import { DOSSIER_STATES, type DossierState } from '../domain/dossier.js';
import { CorruptRecordError, type OnCorruptRecord } from '../errors.js';
import { APPLICANT_RECORD } from './applicant-migrations.js';
import { recordField, sqliteTableOf } from './sqlite-table.js';
import { parseStoredRecord, parseStoredRow } from './stored-record.js';

/** The four fields as the databases hand them over from a current-version record. */
export const QueueEntrySchema = z.object({
  userId: z.number().int(),
  state: z.enum(DOSSIER_STATES),
  submittedAt: z.string().optional(),
  answers: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
});

/** The record's fields the queue reads, as SQL over Keyv's `value` (the same text in the index and the queries). */
const VERSION = recordField('version');
const USER_ID = recordField('userId');
const STATE = recordField('dossier.state');
const SUBMITTED_AT = recordField('dossier.submittedAt');
const ANSWERS = recordField('answers');

/**
 * One stored answer, out of the indexed answers text (a record whose answers are not an object gives NULL
 * instead of failing the statement).
 */
const answer = (fact: 'target' | 'category') =>
  `(CASE WHEN json_valid(${ANSWERS}) THEN json_extract(${ANSWERS}, '$.${fact}') END)`;

interface EntryRow {
  userId: number | null;
  state: string | null;
  submittedAt: string | null;
  /** JSON text of the answers object. */
  answers: string | null;
  key: string;
}

/**
 * The embedded DossierQueueIndex: an index on expressions over Keyv's table holds, for every record, its
 * version, state, submission time, user id and answers, so the queue's queries (counts per state, one state
 * filtered, ordered and paged) read the index and never parse a whole record; SQLite keeps it current on
 * every write. A row of another version, or text that is not JSON, is read whole as the applicant store
 * reads it (there are none after a migration ran) and filtered here.
 */
export function createDossierQueueIndexStore(
  keyv: Keyv,
  options: { onCorrupt: OnCorruptRecord },
): DossierQueueIndex {
  const table = sqliteTableOf(keyv, 'the dossier queue index');
  const current = APPLICANT_RECORD.migrations.current;
  const prefix = `${table.prefixOf('applicant')}%`;
  let indexed: Promise<unknown> | undefined;
  // Built on first use (one pass over the table), then kept by SQLite on every write.
  const ready = () => {
    indexed ??= table.query(
      `CREATE INDEX IF NOT EXISTS ${table.name}_dossier_queue
         ON ${table.name} (${VERSION}, ${STATE}, ${SUBMITTED_AT}, ${USER_ID}, key, ${ANSWERS})`,
    );
    return indexed;
  };

  /**
   * The records of another version, or unreadable: read whole, the unusable ones reported. (`<> ?` would
   * scan the table; two ranges and NULL are three lookups in the index.)
   */
  async function others(): Promise<QueueEntry[]> {
    // The keys first, from the index alone: asking for `value` in the same query makes SQLite scan the table.
    const rows = await table.query<{ key: string; value: string }>(
      `SELECT key, value FROM ${table.name} WHERE key IN (
         SELECT key FROM ${table.name} WHERE key LIKE ?
           AND (${VERSION} IS NULL OR ${VERSION} < ? OR ${VERSION} > ?))`,
      prefix,
      current,
      current,
    );
    const entries: QueueEntry[] = [];
    for (const row of rows) {
      const entry = await fromWhole(table.withoutNamespace(row.key), row.value);
      if (entry instanceof CorruptRecordError) options.onCorrupt(entry);
      else entries.push(entry);
    }
    return entries;
  }

  async function fromWhole(key: string, text: string): Promise<QueueEntry | CorruptRecordError> {
    const record = await parseStoredRow(table, key, text, (k, raw) =>
      parseStoredRecord(k, raw, APPLICANT_RECORD),
    );
    if (record instanceof CorruptRecordError) return record;
    const { userId, dossier, answers } = record;
    return { userId, state: dossier.state, submittedAt: dossier.submittedAt, answers };
  }

  /** The current-version rows matching `query` (WHERE text and its parameters). */
  function where(query: QueueQuery): { sql: string; params: unknown[] } {
    const parts = [`${VERSION} = ?`, `${STATE} = ?`, 'key LIKE ?'];
    const params: unknown[] = [current, query.state, prefix];
    if (query.submittedBefore !== undefined) {
      parts.push(`${SUBMITTED_AT} < ?`);
      params.push(query.submittedBefore);
    }
    if (query.exam !== undefined) {
      parts.push(`${answer('target')} = ?`);
      params.push(query.exam);
    }
    if (query.category !== undefined) {
      parts.push(`${answer('category')} = ?`);
      params.push(query.category);
    }
    return { sql: parts.join(' AND '), params };
  }

  function usable(rows: EntryRow[]): QueueEntry[] {
    const entries: QueueEntry[] = [];
    for (const row of rows) {
      const entry = fromFields(table.withoutNamespace(row.key), row);
      if (entry instanceof CorruptRecordError) options.onCorrupt(entry);
      else entries.push(entry);
    }
    return entries;
  }

  const select = `SELECT ${USER_ID} AS userId, ${STATE} AS state, ${SUBMITTED_AT} AS submittedAt,
    ${ANSWERS} AS answers, key FROM ${table.name}`;

  return {
    async entries(states) {
      if (states.length === 0) return [];
      await ready();
      const rows = await table.query<EntryRow>(
        `${select} WHERE ${VERSION} = ? AND key LIKE ? AND ${STATE} IN (${states.map(() => '?').join(', ')})`,
        current,
        prefix,
        ...states,
      );
      const wanted = new Set<string>(states);
      return [...usable(rows), ...(await others())].filter((e) => wanted.has(e.state));
    },

    async counts(states) {
      const counts = Object.fromEntries(DOSSIER_STATES.map((s) => [s, 0])) as Record<DossierState, number>;
      if (states.length === 0) return counts;
      await ready();
      const rows = await table.query<{ state: string; n: number }>(
        `SELECT ${STATE} AS state, count(*) AS n FROM ${table.name}
         WHERE ${VERSION} = ? AND key LIKE ? AND ${STATE} IN (${states.map(() => '?').join(', ')})
         GROUP BY ${STATE}`,
        current,
        prefix,
        ...states,
      );
      for (const row of rows) counts[row.state as DossierState] = row.n;
      for (const entry of await others()) if (states.includes(entry.state)) counts[entry.state] += 1;
      return counts;
    },

    async find(query, range) {
      await ready();
      const extra = (await others()).filter((e) => matchesQuery(e, query));
      const { sql, params } = where(query);
      const order = `ORDER BY ${SUBMITTED_AT}, ${USER_ID}`;
      if (range === undefined || extra.length > 0) {
        const rows = await table.query<EntryRow>(`${select} WHERE ${sql} ${order}`, ...params);
        const all = [...usable(rows), ...extra].sort(byQueueOrder);
        return pageOf(all, range);
      }
      const [rows, counted] = await Promise.all([
        table.query<EntryRow>(
          `${select} WHERE ${sql} ${order} LIMIT ? OFFSET ?`,
          ...params,
          range.limit,
          range.offset,
        ),
        table.query<{ n: number }>(`SELECT count(*) AS n FROM ${table.name} WHERE ${sql}`, ...params),
      ]);
      return { total: counted[0]?.n ?? 0, entries: usable(rows) };
    },
  };
}

/** Whether an entry read whole matches the query as the SQL would. */
export function matchesQuery(entry: QueueEntry, query: QueueQuery): boolean {
  if (entry.state !== query.state) return false;
  if (query.exam !== undefined && entry.answers.target !== query.exam) return false;
  if (query.category !== undefined && entry.answers.category !== query.category) return false;
  if (
    query.submittedBefore !== undefined &&
    !((entry.submittedAt ?? '') < query.submittedBefore && entry.submittedAt)
  )
    return false;
  return true;
}

/** The queue's order: oldest submission first (none first of all), then by user id. */
export function byQueueOrder(a: QueueEntry, b: QueueEntry): number {
  const at = a.submittedAt ?? '';
  const bt = b.submittedAt ?? '';
  return at < bt ? -1 : at > bt ? 1 : a.userId - b.userId;
}

/** `range` of the ordered matches, with their number. */
export function pageOf(all: QueueEntry[], range: QueueRange | undefined): QueuePage {
  return {
    total: all.length,
    entries: range === undefined ? all : all.slice(range.offset, range.offset + range.limit),
  };
}

function fromFields(key: string, row: EntryRow): QueueEntry | CorruptRecordError {
  let answers: unknown;
  try {
    answers = row.answers === null ? undefined : JSON.parse(row.answers);
  } catch {
    // json_extract returns a bare string as text: not an object, which the schema below reports.
    answers = row.answers;
  }
  const fields = { userId: row.userId, state: row.state, submittedAt: row.submittedAt ?? undefined, answers };
  if (isQueueEntry(fields)) return fields;
  const parsed = QueueEntrySchema.safeParse(fields);
  if (parsed.success) return { ...parsed.data, submittedAt: parsed.data.submittedAt };
  const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ');
  return new CorruptRecordError(key, `the record does not parse: ${issues}`, { cause: parsed.error });
}

const STATES = new Set<string>(DOSSIER_STATES);

/**
 * QueueEntrySchema's test without building a parse result: the queue reads thousands of rows a page and
 * nearly all pass, so zod is left for the ones that do not (its issues name what is wrong).
 */
export function isQueueEntry(fields: {
  userId: unknown;
  state: unknown;
  submittedAt: unknown;
  answers: unknown;
}): fields is QueueEntry {
  const { userId, state, submittedAt, answers } = fields;
  if (!Number.isInteger(userId) || typeof state !== 'string' || !STATES.has(state)) return false;
  if (submittedAt !== undefined && typeof submittedAt !== 'string') return false;
  if (typeof answers !== 'object' || answers === null || Array.isArray(answers)) return false;
  for (const value of Object.values(answers)) {
    const type = typeof value;
    if (type !== 'string' && type !== 'number' && type !== 'boolean') return false;
  }
  return true;
}
