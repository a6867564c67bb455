import type Keyv from 'keyv';
import { UnsupportedStoreError } from '../errors.js';

/** The part of @keyv/sqlite's adapter this code reaches past Keyv for: its table and its SQL. */
export interface KeyvSqliteAdapter {
  readonly opts: { readonly table: string };
  query(sql: string, ...params: unknown[]): Promise<unknown>;
  set(key: string, value: unknown): Promise<unknown>;
}

/** A row of Keyv's table: the namespaced key and the serialized `{"value": …}`. */
export interface KeyvRow {
  readonly key: string;
  readonly value: string;
}

/**
 * Keyv's SQLite table, for what Keyv's own API cannot do: list records by kind or by a field without
 * loading every key, insert-if-absent, compare-and-set, change one field in place. This is the one place
 * that knows how Keyv lays the table out: keys `<namespace>:<kind>:<id>`, values serialized by Keyv as
 * `{"value": <record>}` (so a record's field is `$.value.<field>` to SQLite's JSON functions). The modules
 * that write SQL over it (applicant-store, outbox-store, mark-inactive, group-commit) are the SQLite
 * adapters; another database gets adapters of its own, not a branch in these.
 */
export interface SqliteTable {
  /** The table's name, for SQL text (it comes from the adapter's options, never from input). */
  readonly name: string;
  /** The key every record of one kind starts with, e.g. `nmle:applicant:`. */
  prefixOf(kind: string): string;
  /** A record's key as errors and logs name it, without the namespace: `nmle:applicant:7` → `applicant:7`. */
  withoutNamespace(key: string): string;
  query<Row>(sql: string, ...params: unknown[]): Promise<Row[]>;
  /** The rows of one kind, optionally narrowed by an SQL condition over `value` with its parameters. */
  rowsOf(
    kind: string,
    condition?: { readonly sql: string; readonly params: readonly unknown[] },
  ): Promise<KeyvRow[]>;
  /** A record as Keyv stores it, so that `keyv.get` reads what SQL wrote. */
  serialize(record: unknown): Promise<string>;
  /** A row's value as `keyv.get` would return it. @throws the deserializer's error when the text is not JSON. */
  deserialize(text: string): Promise<unknown>;
}

/** SQLite's JSON path of a field of the stored record, e.g. `dossier.state` → `$.value.dossier.state`. */
export function recordPath(field: string): string {
  return `$.value.${field}`;
}

/**
 * The SQLite table behind a Keyv opened by `openStore`.
 * @throws UnsupportedStoreError when Keyv's store is not @keyv/sqlite (`user` names who needs it), so an
 * adapter refuses when it is built instead of answering nothing later.
 */
export function sqliteTableOf(keyv: Keyv, user: string): SqliteTable {
  const adapter = keyv.store as Partial<KeyvSqliteAdapter> | undefined;
  if (typeof adapter?.query !== 'function' || typeof adapter.opts?.table !== 'string')
    throw new UnsupportedStoreError(user, describeStore(adapter));
  const sql = adapter as KeyvSqliteAdapter;
  const name = sql.opts.table;
  const namespace = keyv.namespace ? `${keyv.namespace}:` : '';
  const query = async <Row>(text: string, ...params: unknown[]) =>
    (await sql.query(text, ...params)) as Row[];
  return {
    name,
    prefixOf: (kind) => `${namespace}${kind}:`,
    withoutNamespace: (key) => (key.startsWith(namespace) ? key.slice(namespace.length) : key),
    query,
    rowsOf(kind, condition) {
      // One query instead of Keyv's iterator, which pages with LIMIT/OFFSET ten rows at a time.
      const where = condition ? ` AND (${condition.sql})` : '';
      return query<KeyvRow>(
        `SELECT key, value FROM ${name} WHERE key LIKE ?${where}`,
        `${namespace}${kind}:%`,
        ...(condition?.params ?? []),
      );
    },
    serialize: async (record) => (keyv.serialize ?? JSON.stringify)({ value: record }),
    async deserialize(text) {
      const data = (await (keyv.deserialize ?? JSON.parse)(text)) as { value?: unknown } | undefined;
      return data?.value;
    },
  };
}

function describeStore(adapter: unknown): string {
  if (adapter === undefined || adapter === null) return 'no store';
  const name = (adapter as { constructor?: { name?: string } }).constructor?.name;
  return name ? `a ${name}` : 'an unknown store';
}

/**
 * A field of the stored record as an SQL expression over Keyv's `value` (NULL for text that is not JSON,
 * where json_extract would fail the statement). The path is literal text, not a parameter, so that an index
 * on the expression and a query using it are the same expression to SQLite.
 */
export function recordField(field: string): string {
  if (!/^[A-Za-z0-9_.]+$/.test(field)) throw new Error(`not a record field: ${field}`);
  return `(CASE WHEN json_valid(value) THEN json_extract(value, '${recordPath(field)}') END)`;
}
