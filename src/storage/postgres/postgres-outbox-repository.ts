import type pg from 'pg';
import { CorruptRecordError, type OnCorruptRecord } from '../../errors.js';
import {
  newOutboxRecords,
  OUTBOX_STATES,
  type OutboxRecord,
  OutboxRecordSchema,
  type OutboxState,
  type OutboxStore,
  revisedOutboxRecord,
} from '../outbox-store.js';
import { parseStoredRecord, type StoredRecordKind } from '../stored-record.js';

const OUTBOX_RECORD: StoredRecordKind<OutboxRecord> = {
  schema: OutboxRecordSchema,
  migrations: { current: 1, steps: {} },
  stepsFile: 'src/storage/outbox-store.ts',
};

/** Rows per insert statement; the batch travels as one jsonb parameter, so this only bounds its size. */
const MAX_ROWS_PER_STATEMENT = 1_000;

interface Row {
  readonly dedupe_key: string;
  readonly record: unknown;
}

/**
 * The shared OutboxRepository, with the embedded one's semantics (src/storage/outbox-store.ts): one row of
 * `outbox` per dedupe key, kept after delivery as its marker; the record as jsonb, with its state, owner,
 * revision, version and user id generated from it. `add` is `INSERT … ON CONFLICT DO NOTHING` (of two
 * instances adding one key, exactly one gets it back); every other change is a compare-and-set on the
 * revision and the version, so a record of a newer release is never overwritten. `onCorrupt` is told of
 * each record `unfinished` skips because it cannot be used.
 */
export function createPostgresOutboxRepository(
  pool: pg.Pool,
  options: { readonly onCorrupt: OnCorruptRecord },
): OutboxStore {
  const parse = (row: Row) => parseStoredRecord(`outbox:${row.dedupe_key}`, row.record, OUTBOX_RECORD);
  const get = async (dedupeKey: string): Promise<OutboxRecord | undefined> => {
    const { rows } = await pool.query<Row>('SELECT dedupe_key, record FROM outbox WHERE dedupe_key = $1', [
      dedupeKey,
    ]);
    if (!rows[0]) return undefined;
    const record = parse(rows[0]);
    if (record instanceof CorruptRecordError) throw record;
    return record;
  };

  // Group insert, as the embedded store does: the adds of one turn of the event loop share a statement, so
  // a reminder pass to 10,000 applicants is 10 round trips, not 10,000. Rows go in in key order, so two
  // instances inserting overlapping batches wait on each other in one order and cannot deadlock; within a
  // key, in arrival order, so the first add of a repeated key is the one recorded.
  let batch: { record: OutboxRecord; resolve: (added: boolean) => void; reject: (e: unknown) => void }[] = [];
  const flush = async () => {
    const rows = batch;
    batch = [];
    for (let start = 0; start < rows.length; start += MAX_ROWS_PER_STATEMENT) {
      const slice = rows.slice(start, start + MAX_ROWS_PER_STATEMENT);
      try {
        const inserted = await pool.query<{ dedupe_key: string }>(
          `INSERT INTO outbox (dedupe_key, record)
           SELECT r ->> 'dedupeKey', r FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS t(r, n)
           ORDER BY r ->> 'dedupeKey', n
           ON CONFLICT (dedupe_key) DO NOTHING RETURNING dedupe_key`,
          [JSON.stringify(slice.map((r) => r.record))],
        );
        const keys = new Set(inserted.rows.map((row) => row.dedupe_key));
        for (const r of slice) r.resolve(keys.delete(r.record.dedupeKey));
      } catch (error) {
        for (const r of slice) r.reject(error);
      }
    }
  };
  const insert = (record: OutboxRecord) =>
    new Promise<boolean>((resolve, reject) => {
      if (batch.length === 0) setImmediate(() => void flush());
      batch.push({ record, resolve, reject });
    });

  return {
    async add(notifications, owner, now) {
      const records = newOutboxRecords(notifications, owner, now);
      const added = await Promise.all(records.map(insert));
      return records.filter((_, i) => added[i]);
    },
    get,
    async update(current, changes, now) {
      const next = revisedOutboxRecord(current, changes, now);
      const { rowCount } = await pool.query(
        'UPDATE outbox SET record = $1 WHERE dedupe_key = $2 AND rev = $3 AND version = $4',
        [JSON.stringify(next), current.dedupeKey, current.rev, OUTBOX_RECORD.migrations.current],
      );
      if (rowCount === 1) return next;
      // Lost the compare-and-set: to another writer (undefined), or to a record that cannot be used (throws).
      await get(current.dedupeKey);
      return undefined;
    },
    async unfinished() {
      const { rows } = await pool.query<Row>(
        `SELECT dedupe_key, record FROM outbox WHERE state IN ('pending', 'sending') ORDER BY created_at`,
      );
      const records: OutboxRecord[] = [];
      for (const row of rows) {
        const record = parse(row);
        if (record instanceof CorruptRecordError) options.onCorrupt(record);
        else records.push(record);
      }
      return records.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    },
    async forget(userId) {
      const { rowCount } = await pool.query('DELETE FROM outbox WHERE user_id = $1', [userId]);
      return rowCount ?? 0;
    },
    async countByState() {
      const { rows } = await pool.query<{ state: OutboxState; n: number }>(
        'SELECT state, count(*)::int AS n FROM outbox GROUP BY state',
      );
      const counts = Object.fromEntries(OUTBOX_STATES.map((s) => [s, 0])) as Record<OutboxState, number>;
      for (const row of rows) if (row.state in counts) counts[row.state] = row.n;
      return counts;
    },
  };
}
