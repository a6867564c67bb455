import type Keyv from 'keyv';
import { z } from 'zod';
import type { OutboxRepository } from '../app/ports/outbox-repository.js';
import type { Notification } from '../domain/notifier.js';
import { CorruptRecordError, type OnCorruptRecord } from '../errors.js';
import { sqliteTableOf } from './sqlite-table.js';
import { parseStoredRecord, parseStoredRow, type StoredRecordKind } from './stored-record.js';

export const OUTBOX_STATES = ['pending', 'sending', 'sent', 'failed', 'blocked'] as const;
/**
 * `pending`: recorded, not yet handed to Telegram. `sending`: handed over, answer not yet recorded — after a
 * crash it is sent again (see README, "The outbox"). `sent`, `failed` (gave up), `blocked` (403): final.
 */
export type OutboxState = (typeof OUTBOX_STATES)[number];

/** Records in these states still have to be delivered. */
export const UNFINISHED_STATES: readonly OutboxState[] = ['pending', 'sending'];

/**
 * One notification in the outbox, stored under its dedupe key and kept after delivery: the record is the
 * marker that makes a second notify with the same key do nothing. Versioned and parsed with zod on read.
 */
export const OutboxRecordSchema = z.object({
  version: z.literal(1),
  dedupeKey: z.string().min(1),
  userId: z.number().int(),
  chatId: z.number().int(),
  html: z.string(),
  reason: z.string(),
  state: z.enum(OUTBOX_STATES),
  /** Send attempts so far (a 429 does not count: it says nothing about the message). */
  attempts: z.number().int().nonnegative(),
  /** Bumped on every write; a write applies only over the revision it was based on (compare-and-set). */
  rev: z.number().int().nonnegative(),
  /**
   * The outbox instance delivering it, `host:pid:nonce`. Another process takes a record over only when its
   * owner has gone (the OutboxLeases port: a pid check here, a lease on PostgreSQL), so a CLI run and the
   * bot never send the same one.
   */
  owner: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  sentAt: z.string().optional(),
  messageId: z.number().int().optional(),
  /** The last error, for `failed` and retried records: Telegram's description, never the token. */
  lastError: z.string().max(500).optional(),
});
export type OutboxRecord = z.infer<typeof OutboxRecordSchema>;

/** New outbox records for notifications, pending and owned by `owner`; a dedupe key repeated in the batch counts once. */
export function newOutboxRecords(
  notifications: readonly Notification[],
  owner: string,
  now: Date,
): OutboxRecord[] {
  const at = now.toISOString();
  const seen = new Set<string>();
  const records: OutboxRecord[] = [];
  for (const n of notifications) {
    if (seen.has(n.dedupeKey)) continue;
    seen.add(n.dedupeKey);
    const { dedupeKey, userId, chatId, html, reason } = n;
    records.push({
      version: 1,
      dedupeKey,
      userId,
      chatId,
      html,
      reason,
      state: 'pending',
      attempts: 0,
      rev: 0,
      owner,
      createdAt: at,
      updatedAt: at,
    });
  }
  return records;
}

/** A record changed as the outbox asks: its revision bumped (what the compare-and-set checks) and the time stamped. */
export function revisedOutboxRecord(
  current: OutboxRecord,
  changes: Partial<OutboxRecord>,
  now: Date,
): OutboxRecord {
  return { ...current, ...changes, rev: current.rev + 1, updatedAt: now.toISOString() };
}

const OUTBOX_RECORD: StoredRecordKind<OutboxRecord> = {
  schema: OutboxRecordSchema,
  migrations: { current: 1, steps: {} },
  stepsFile: 'src/storage/outbox-store.ts',
};

/**
 * A stored record that cannot be used is never overwritten: `get` and `update` throw CorruptRecordError,
 * `unfinished` skips it and reports it through `onCorrupt`.
 */
export interface OutboxStore extends OutboxRepository {
  /**
   * Records each notification whose dedupe key was never recorded, as `pending` owned by `owner`; returns
   * the new records, in input order (a repeated key within `notifications` counts once). Atomic per key
   * across processes: of two processes adding one key, exactly one gets it back.
   */
  add(notifications: readonly Notification[], owner: string, now: Date): Promise<OutboxRecord[]>;
  /** @throws CorruptRecordError when the stored record cannot be used. */
  get(dedupeKey: string): Promise<OutboxRecord | undefined>;
  /**
   * Writes `current` with `changes` if the stored record is still at `current.rev`; returns the new record,
   * or undefined when another writer got there first (or forgot the record).
   * @throws CorruptRecordError when the stored record has since become one that cannot be used.
   */
  update(current: OutboxRecord, changes: Partial<OutboxRecord>, now: Date): Promise<OutboxRecord | undefined>;
  /** Every record still to be delivered (pending or sending), oldest first; one that cannot be used is reported. */
  unfinished(): Promise<OutboxRecord[]>;
  /**
   * Deletes every record of one applicant, delivered or not, for /delete_my_data; returns how many. Their
   * dedupe markers go too, which is safe: reminders and alerts are computed from the applicant's record,
   * which is deleted with them. A record being delivered at that moment is dropped by its outbox.
   */
  forget(userId: number): Promise<number>;
  /** How many records are in each state (a full scan: for tests, benchmarks and the CLI). */
  countByState(): Promise<Record<OutboxState, number>>;
}

/** SQLite allows 32,766 bound variables per statement; two per row, with room to spare. */
const MAX_ROWS_PER_STATEMENT = 500;

/**
 * The outbox on the same SQLite table as Keyv, in Keyv's own format (so `keyv.get('outbox:<key>')` reads a
 * record too), but written with SQL: Keyv has no insert-if-absent nor compare-and-set, and both are needed
 * for "never twice" when the bot and `nmle remind` share the file. `onCorrupt` is told of each record
 * `unfinished` skips because it cannot be used (wire it to the logger).
 * @throws UnsupportedStoreError when the Keyv store is not SQLite.
 */
export function createOutboxStore(keyv: Keyv, options: { readonly onCorrupt: OnCorruptRecord }): OutboxStore {
  const sql = sqliteTableOf(keyv, 'the outbox');
  const table = sql.name;
  const prefix = sql.prefixOf('outbox');
  const serialize = (record: OutboxRecord): Promise<string> => sql.serialize(record);
  // Finding the unfinished records among every record ever sent (the markers are kept) would be a full scan
  // of the table; this partial index holds only unfinished outbox records (an applicant has no `state`).
  // Its WHERE is literal so that the query below, which repeats it, can use it.
  const unfinishedSql = `json_extract(value, '$.value.state') IN (${UNFINISHED_STATES.map((s) => `'${s}'`).join(', ')})`;
  let indexed: Promise<unknown> | undefined;
  const ensureIndex = () => {
    indexed ??= sql.query(
      `CREATE INDEX IF NOT EXISTS ${table}_outbox_unfinished ON ${table} (key) WHERE ${unfinishedSql}`,
    );
    return indexed;
  };
  /** A row's record, or why it cannot be used; `key` is the row's key without the namespace. */
  const parse = (key: string, text: string): Promise<OutboxRecord | CorruptRecordError> =>
    parseStoredRow(sql, key, text, (k, raw) => parseStoredRecord(k, raw, OUTBOX_RECORD));
  const get = async (dedupeKey: string): Promise<OutboxRecord | undefined> => {
    const rows = await sql.query<{ value: string }>(
      `SELECT value FROM ${table} WHERE key = ?`,
      prefix + dedupeKey,
    );
    if (!rows[0]) return undefined;
    const record = await parse(`outbox:${dedupeKey}`, rows[0].value);
    if (record instanceof CorruptRecordError) throw record;
    return record;
  };

  // Group insert: adds issued in one turn of the event loop share one statement per 500 rows, as group
  // commit does for applicants; a reminder pass to 10,000 applicants is 20 statements, not 10,000.
  let batch: {
    record: OutboxRecord;
    text: string;
    resolve: (added: boolean) => void;
    reject: (e: unknown) => void;
  }[] = [];
  const flush = async () => {
    const rows = batch;
    batch = [];
    for (let start = 0; start < rows.length; start += MAX_ROWS_PER_STATEMENT) {
      const slice = rows.slice(start, start + MAX_ROWS_PER_STATEMENT);
      try {
        const inserted = (await sql.query(
          `INSERT INTO ${table} (key, value) VALUES ${slice.map(() => '(?, ?)').join(', ')}
           ON CONFLICT(key) DO NOTHING RETURNING key`,
          slice.flatMap((r) => [prefix + r.record.dedupeKey, r.text]),
        )) as { key: string }[];
        const keys = new Set(inserted.map((row) => row.key));
        for (const r of slice) r.resolve(keys.delete(prefix + r.record.dedupeKey));
      } catch (error) {
        for (const r of slice) r.reject(error);
      }
    }
  };
  const insert = async (record: OutboxRecord) => {
    const text = await serialize(record);
    return new Promise<boolean>((resolve, reject) => {
      if (batch.length === 0) setImmediate(() => void flush());
      batch.push({ record, text, resolve, reject });
    });
  };

  return {
    async add(notifications, owner, now) {
      const records = newOutboxRecords(notifications, owner, now);
      const added = await Promise.all(records.map(insert));
      return records.filter((_, i) => added[i]);
    },
    get,
    async update(current, changes, now) {
      const next = revisedOutboxRecord(current, changes, now);
      // Over the same revision of a record this release wrote: never over one of a newer release, nor over
      // text that is not JSON (CASE keeps json_extract, which raises on it, from seeing it).
      const rows = await sql.query(
        `UPDATE ${table} SET value = ? WHERE key = ? AND CASE WHEN json_valid(value)
           THEN json_extract(value, '$.value.rev') = ? AND json_extract(value, '$.value.version') = ?
           ELSE 0 END RETURNING key`,
        await serialize(next),
        prefix + current.dedupeKey,
        current.rev,
        OUTBOX_RECORD.migrations.current,
      );
      if (rows.length === 1) return next;
      // Lost the compare-and-set: to another writer (undefined), or to a record that cannot be used (throws).
      await get(current.dedupeKey);
      return undefined;
    },
    async unfinished() {
      await ensureIndex();
      const rows = await sql.query<{ key: string; value: string }>(
        `SELECT key, value FROM ${table} WHERE ${unfinishedSql} AND key LIKE ?`,
        `${prefix}%`,
      );
      const records: OutboxRecord[] = [];
      for (const row of rows) {
        const record = await parse(sql.withoutNamespace(row.key), row.value);
        if (record instanceof CorruptRecordError) options.onCorrupt(record);
        else records.push(record);
      }
      return records.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    },
    async forget(userId) {
      const rows = await sql.query(
        `DELETE FROM ${table} WHERE key LIKE ? AND json_extract(value, '$.value.userId') = ? RETURNING key`,
        `${prefix}%`,
        userId,
      );
      return rows.length;
    },
    async countByState() {
      const rows = (await sql.query(
        `SELECT json_extract(value, '$.value.state') AS state, COUNT(*) AS n FROM ${table} WHERE key LIKE ? GROUP BY state`,
        `${prefix}%`,
      )) as { state: OutboxState; n: number }[];
      const counts = Object.fromEntries(OUTBOX_STATES.map((s) => [s, 0])) as Record<OutboxState, number>;
      for (const row of rows) if (row.state in counts) counts[row.state] = row.n;
      return counts;
    },
  };
}
