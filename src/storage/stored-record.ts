import type Keyv from 'keyv';
import type { z } from 'zod';
import { CorruptRecordError, type OnCorruptRecord } from '../errors.js';
import type { KeyvRow, SqliteTable } from './sqlite-table.js';
import { type MigrationResult, type Migrations, migrateRecord } from './store-migrations.js';

/** How one kind of record is read back: the steps from older versions, then the schema of the current one. */
export interface StoredRecordKind<T> {
  readonly schema: z.ZodType<T>;
  readonly migrations: Migrations;
  /** Where the kind's migration steps live, named in the message of a record no step leads on from. */
  readonly stepsFile: string;
}

/**
 * A record read back from the store, migrated to the current version and parsed, or why it cannot be used
 * (returned, not thrown: a listing reports it and goes on, a read throws it). One rule for every store:
 * applicants, reviewers and the outbox alike. `key` is the record's key without the namespace.
 */
export function parseStoredRecord<T>(
  key: string,
  raw: unknown,
  kind: StoredRecordKind<T>,
): T | CorruptRecordError {
  const { current } = kind.migrations;
  const migrated = migrateRecord(raw, kind.migrations);
  if (!migrated.ok) return new CorruptRecordError(key, describeRefusal(migrated, kind));
  const parsed = kind.schema.safeParse(migrated.record);
  if (parsed.success) return parsed.data;
  const from = migrated.from === current ? '' : ` (migrated from version ${migrated.from})`;
  const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ');
  const problem = `the version-${current} record${from} does not parse: ${issues}`;
  return new CorruptRecordError(key, problem, { cause: parsed.error });
}

/**
 * The stored value under `key` as Keyv returns it, undefined when there is none.
 * @throws CorruptRecordError when the stored text does not deserialize (Keyv throws the parser's SyntaxError).
 */
export async function getStored(keyv: Keyv, key: string): Promise<unknown> {
  try {
    return await keyv.get(key);
  } catch (error) {
    if (error instanceof SyntaxError) throw unreadableText(key, error);
    throw error;
  }
}

/** Reads one kind of record from its raw stored value: parseStoredRecord, or a kind's own stricter rule. */
export type ParseStored<T> = (key: string, raw: unknown) => T | CorruptRecordError;

/**
 * One row's record, its text deserialized as Keyv would and parsed, or why it cannot be used (a text that
 * does not deserialize included). `key` is the row's key without the namespace.
 */
export async function parseStoredRow<T>(
  table: Pick<SqliteTable, 'deserialize'>,
  key: string,
  text: string,
  parse: ParseStored<T>,
): Promise<T | CorruptRecordError> {
  let raw: unknown;
  try {
    raw = await table.deserialize(text);
  } catch (error) {
    return unreadableText(key, error);
  }
  return parse(key, raw);
}

/**
 * The records of listed rows, in row order; a row that cannot be used is reported through `onCorrupt` and
 * left out, so one bad row never hides the others (the listing rule of every store here).
 */
export async function readStoredRows<T>(
  table: Pick<SqliteTable, 'deserialize' | 'withoutNamespace'>,
  rows: readonly KeyvRow[],
  parse: ParseStored<T>,
  onCorrupt: OnCorruptRecord,
): Promise<T[]> {
  const records: T[] = [];
  for (const row of rows) {
    const record = await parseStoredRow(table, table.withoutNamespace(row.key), row.value, parse);
    if (record instanceof CorruptRecordError) onCorrupt(record);
    else records.push(record);
  }
  return records;
}

/** A stored text that is not what the store's serializer writes (a torn or hand-edited row). */
export function unreadableText(key: string, cause: unknown): CorruptRecordError {
  return new CorruptRecordError(
    key,
    'the stored text does not deserialize; restore it from a backup or delete it',
    {
      cause,
    },
  );
}

function describeRefusal(
  refused: Extract<MigrationResult, { ok: false }>,
  kind: StoredRecordKind<unknown>,
): string {
  const { current } = kind.migrations;
  switch (refused.reason) {
    case 'unversioned':
      return 'the record has no version; restore it from a backup or delete it';
    case 'newer':
      return `the record is version ${refused.version}, newer than this release's ${current}; run a release that reads it`;
    case 'no_step':
      return `no migration leads from the record's version ${refused.version} to ${current}; add one to ${kind.stepsFile}`;
  }
}
