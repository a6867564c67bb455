/** A stored record with its version; the rest is whatever that version held. */
export type VersionedRecord = { readonly version: number } & Record<string, unknown>;

/**
 * Turns a record of the version it is keyed by into the next version's shape. `migrateRecord` stamps the
 * new version, so a step changes fields only.
 */
export type MigrationStep = (record: VersionedRecord) => Record<string, unknown>;

export interface Migrations {
  /** The version this code writes and parses. */
  readonly current: number;
  /** Each step under the version it starts from: `{ 1: migrateV1toV2, 2: migrateV2toV3 }`. */
  readonly steps: Readonly<Partial<Record<number, MigrationStep>>>;
}

export type MigrationResult =
  | { ok: true; record: VersionedRecord; from: number }
  | { ok: false; reason: 'unversioned' }
  | { ok: false; reason: 'newer' | 'no_step'; version: number };

/**
 * Brings a record read back from the store up to the current version, one step at a time; the result still
 * has to be parsed. A record already current comes back as it is. Refused as values: a record without a
 * positive integer `version`, one newer than this code (written by a later release; it must not be
 * overwritten by this one), and one older than the first step.
 */
export function migrateRecord(raw: unknown, migrations: Migrations): MigrationResult {
  if (!isVersioned(raw)) return { ok: false, reason: 'unversioned' };
  const from = raw.version;
  if (from > migrations.current) return { ok: false, reason: 'newer', version: from };
  let record = raw;
  while (record.version < migrations.current) {
    const step = migrations.steps[record.version];
    if (!step) return { ok: false, reason: 'no_step', version: record.version };
    record = { ...step(record), version: record.version + 1 };
  }
  return { ok: true, record, from };
}

function isVersioned(raw: unknown): raw is VersionedRecord {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return false;
  const { version } = raw as { version?: unknown };
  return typeof version === 'number' && Number.isInteger(version) && version > 0;
}
