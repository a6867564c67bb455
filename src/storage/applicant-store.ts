import type Keyv from 'keyv';
import { type Applicant, ApplicantSchema } from '../domain/applicant.js';
import { createKeyLock } from './key-lock.js';

/** A stored record that no longer parses: kept as it is and reported, never overwritten. */
export class CorruptRecordError extends Error {
  override name = 'CorruptRecordError';
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
  /** Every applicant by user id, for scheduled passes and the review queue; a record that does not parse is skipped. */
  all(): Promise<Applicant[]>;
}

/** Applicants kept in memory after a read or write; the busiest stay, the least recently used are evicted. */
const DEFAULT_CACHE_ENTRIES = 10_000;

/**
 * Applicant records on Keyv, parsed with zod on read. Writes go through to the store before they count;
 * reads are served from a write-through LRU cache, since this process is the only writer of applicants.
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
    const parsed = ApplicantSchema.safeParse(raw);
    if (!parsed.success)
      throw new CorruptRecordError(`applicant record ${userId} does not parse`, { cause: parsed.error });
    remember(userId, parsed.data);
    return parsed.data;
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
        query?: (sql: string, ...params: unknown[]) => Promise<{ value: string }[]>;
      };
      // One query instead of Keyv's iterator, which pages with LIMIT/OFFSET ten rows at a time.
      const rows = (await adapter.query?.('SELECT value FROM keyv WHERE key LIKE ?', `${prefix}%`)) ?? [];
      const deserialize = keyv.deserialize ?? ((text: string) => JSON.parse(text));
      for (const row of rows) {
        const data = (await deserialize(row.value)) as { value?: unknown } | undefined;
        const parsed = ApplicantSchema.safeParse(data?.value);
        if (parsed.success) found.push(cache.get(parsed.data.userId) ?? parsed.data);
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
