import type { KeyvSqliteAdapter } from './sqlite-table.js';

/** SQLite allows 32,766 bound variables per statement; two per row, with room to spare. */
const MAX_ROWS_PER_STATEMENT = 500;

/**
 * Group commit: every `set` issued in the same turn of the event loop is written by one multi-row upsert,
 * which SQLite commits as one transaction. A caller's promise resolves only once its row is committed, so
 * durability is unchanged; what changes is that 100 updates handled together cost one commit instead of
 * 100 (@keyv/sqlite otherwise prepares and commits a statement per key). Same table, same rows, so reads
 * through Keyv are unaffected.
 */
export function enableGroupCommit(adapter: KeyvSqliteAdapter): void {
  let pending: { key: string; value: unknown; resolve: () => void; reject: (error: unknown) => void }[] = [];
  const flush = async () => {
    const batch = pending;
    pending = [];
    for (let start = 0; start < batch.length; start += MAX_ROWS_PER_STATEMENT) {
      const rows = batch.slice(start, start + MAX_ROWS_PER_STATEMENT);
      const sql = `INSERT INTO ${adapter.opts.table} (key, value) VALUES ${rows.map(() => '(?, ?)').join(', ')}
        ON CONFLICT(key) DO UPDATE SET value = excluded.value`;
      try {
        await adapter.query(
          sql,
          rows.flatMap((r) => [r.key, r.value]),
        );
        for (const r of rows) r.resolve();
      } catch (error) {
        for (const r of rows) r.reject(error);
      }
    }
  };
  adapter.set = (key, value) =>
    new Promise<void>((resolve, reject) => {
      if (pending.length === 0) setImmediate(() => void flush());
      pending.push({ key, value, resolve, reject });
    });
}
