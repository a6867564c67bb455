import type Keyv from 'keyv';
import { type Applicant, ApplicantSchema } from '../domain/applicant.js';
import { APPLICANT_MIGRATIONS } from './applicant-migrations.js';
import { createKeyLock } from './key-lock.js';
import { type MigrationResult, migrateRecord } from './store-migrations.js';

/**
 * A stored record this code cannot use (no version, a newer version, or one that does not parse): kept as it
 * is and reported, never overwritten. `key` is the record's key in the store, `problem` what is wrong.
 */
export class CorruptRecordError extends Error {
  override name = 'CorruptRecordError';
  constructor(
    readonly key: string,
    readonly problem: string,
    options?: ErrorOptions,
  ) {
    super(`${key}: ${problem}; the record is left as it is`, options);
  }
}

const CURRENT = APPLICANT_MIGRATIONS.current;

/** A record as read from the store, migrated to the current version and parsed, or why it cannot be used. */
function parseStoredApplicant(key: string, raw: unknown): Applicant | CorruptRecordError {
  const migrated = migrateRecord(raw, APPLICANT_MIGRATIONS);
  if (!migrated.ok) return new CorruptRecordError(key, describeRefusal(migrated));
  const parsed = ApplicantSchema.safeParse(migrated.record);
  if (parsed.success) return parsed.data;
  const from = migrated.from === CURRENT ? '' : ` (migrated from version ${migrated.from})`;
  const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ');
  const problem = `the version-${CURRENT} record${from} does not parse: ${issues}`;
  return new CorruptRecordError(key, problem, { cause: parsed.error });
}

function describeRefusal(refused: Extract<MigrationResult, { ok: false }>): string {
  switch (refused.reason) {
    case 'unversioned':
      return 'the record has no version; restore it from a backup or delete it';
    case 'newer':
      return `the record is version ${refused.version}, newer than this release's ${CURRENT}; run a release that reads it`;
    case 'no_step':
      return `no migration leads from the record's version ${refused.version} to ${CURRENT}; add one to applicant-migrations.ts`;
  }
}

export interface ApplicantStore {
  get(userId: number): Promise<Applicant | undefined>;
  /**
   * Reads, changes and writes one applicant as a unit: updates of one applicant run one at a time, so two
   * arriving together both take effect. `change` returns the new record, or undefined to leave it as it is.
   */
  update<T>(
    userId: number,
    change: (current: Applicant | undefined) => { record?: Applicant; result: T },
  ): Promise<T>;
  delete(userId: number): Promise<boolean>;
  /**
   * Every applicant by user id, for scheduled passes and the review queue; a record that cannot be used
   * (see CorruptRecordError) is skipped, and `get` of it throws.
   */
  all(): Promise<Applicant[]>;
}

/** Applicants kept in memory after a read or write; the busiest stay, the least recently used are evicted. */
const DEFAULT_CACHE_ENTRIES = 10_000;

/**
 * Applicant records on Keyv, migrated to the current version and parsed with zod on read. Writes go through
 * to the store before they count; reads are served from a write-through LRU cache, since this process is the
 * only writer of applicants.
 */
export function createApplicantStore(keyv: Keyv, options: { cacheEntries?: number } = {}): ApplicantStore {
  const lock = createKeyLock();
  const maxEntries = options.cacheEntries ?? DEFAULT_CACHE_ENTRIES;
  // undefined is cached too: "no such applicant" is as good an answer as a record.
  const cache = new Map<number, Applicant | undefined>();
  const keyOf = (userId: number) => `applicant:${userId}`;

  const remember = (userId: number, record: Applicant | undefined) => {
    cache.delete(userId);
    cache.set(userId, record);
    if (cache.size > maxEntries) cache.delete(cache.keys().next().value as number);
  };

  const read = async (userId: number): Promise<Applicant | undefined> => {
    if (cache.has(userId)) {
      const hit = cache.get(userId);
      remember(userId, hit);
      return hit;
    }
    const raw: unknown = await keyv.get(keyOf(userId));
    if (raw === undefined) {
      remember(userId, undefined);
      return undefined;
    }
    const record = parseStoredApplicant(keyOf(userId), raw);
    if (record instanceof CorruptRecordError) throw record;
    remember(userId, record);
    return record;
  };

  return {
    get: read,
    update: (userId, change) =>
      lock.run(String(userId), async () => {
        const { record, result } = change(await read(userId));
        if (record) {
          await keyv.set(keyOf(userId), record);
          remember(userId, record);
        }
        return result;
      }),
    async all() {
      const found: Applicant[] = [];
      const prefix = `${keyv.namespace ?? ''}:applicant:`;
      const adapter = keyv.store as {
        query?: (sql: string, ...params: unknown[]) => Promise<{ key: string; value: string }[]>;
      };
      // One query instead of Keyv's iterator, which pages with LIMIT/OFFSET ten rows at a time.
      const rows =
        (await adapter.query?.('SELECT key, value FROM keyv WHERE key LIKE ?', `${prefix}%`)) ?? [];
      const deserialize = keyv.deserialize ?? ((text: string) => JSON.parse(text));
      for (const row of rows) {
        const data = (await deserialize(row.value)) as { value?: unknown } | undefined;
        const record = parseStoredApplicant(row.key, data?.value);
        if (!(record instanceof CorruptRecordError)) found.push(cache.get(record.userId) ?? record);
      }
      return found.sort((a, b) => a.userId - b.userId);
    },
    delete: (userId) =>
      lock.run(String(userId), async () => {
        const deleted = await keyv.delete(keyOf(userId));
        remember(userId, undefined);
        return deleted;
      }),
  };
}
