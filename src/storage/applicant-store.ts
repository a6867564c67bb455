import type Keyv from 'keyv';
import type { ApplicantChange, ApplicantRepository } from '../app/ports/applicant-repository.js';
import type { Applicant } from '../domain/applicant.js';
import type { DossierState } from '../domain/dossier.js';
import { CorruptRecordError, type OnCorruptRecord } from '../errors.js';
import { APPLICANT_RECORD, applicantKey, parseApplicant } from './applicant-migrations.js';
import { createKeyLock } from './key-lock.js';
import { type KeyvRow, recordPath, sqliteTableOf } from './sqlite-table.js';
import { getStored, readStoredRows } from './stored-record.js';

export { CorruptRecordError } from '../errors.js';

/** The name the bot, the scheduler and the CLI knew the repository by. */
export type ApplicantStore = ApplicantRepository;

export interface ApplicantStoreOptions {
  /**
   * Told of each record a listing skipped because it cannot be used; wire it to the logger. Required: a
   * record that is skipped without a word is an applicant who silently stops getting reminders.
   */
  readonly onCorrupt: OnCorruptRecord;
  /** Applicants kept in memory; the busiest stay, the least recently used are evicted. */
  readonly cacheEntries?: number;
}

const DEFAULT_CACHE_ENTRIES = 10_000;
const KIND = 'applicant';
const keyOf = applicantKey;

/**
 * The embedded ApplicantRepository: applicant records on Keyv over SQLite, migrated to the current version
 * and parsed with zod on read. One applicant's changes run one at a time in this process (the embedded set
 * has one writing process). Writes go through to the store before they count; reads are served from a
 * write-through LRU cache, since this process is the only writer of applicants. Listings are one SQL query
 * each (by state: filtered by SQLite on the stored JSON), with what the cache holds taking precedence.
 * @throws UnsupportedStoreError when Keyv's store is not SQLite: without SQL the listings would have to load
 * every key, or (as they once did) quietly answer nothing.
 */
export function createApplicantStore(keyv: Keyv, options: ApplicantStoreOptions): ApplicantRepository {
  const table = sqliteTableOf(keyv, 'the applicant repository');
  const lock = createKeyLock();
  const maxEntries = options.cacheEntries ?? DEFAULT_CACHE_ENTRIES;
  // undefined is cached too: "no such applicant" is as good an answer as a record.
  const cache = new Map<number, Applicant | undefined>();

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
    const raw: unknown = await getStored(keyv, keyOf(userId));
    if (raw === undefined) {
      remember(userId, undefined);
      return undefined;
    }
    const record = parseApplicant(keyOf(userId), raw);
    if (record instanceof CorruptRecordError) throw record;
    remember(userId, record);
    return record;
  };

  /** The listed rows as applicants, the cached copy first; each that cannot be used is reported. */
  const toApplicants = async (rows: readonly KeyvRow[]): Promise<Applicant[]> => {
    const found = await readStoredRows(table, rows, parseApplicant, options.onCorrupt);
    return found.map((record) => cache.get(record.userId) ?? record).sort((a, b) => a.userId - b.userId);
  };

  return {
    get: read,
    update: <T>(userId: number, change: (current: Applicant | undefined) => ApplicantChange<T>) =>
      lock.run(String(userId), async () => {
        const { record, result } = change(await read(userId));
        if (record) {
          await keyv.set(keyOf(userId), record);
          remember(userId, record);
        }
        return result;
      }),
    delete: (userId) =>
      lock.run(String(userId), async () => {
        const deleted = await keyv.delete(keyOf(userId));
        remember(userId, undefined);
        return deleted;
      }),
    async listByState(states: readonly DossierState[]) {
      if (states.length === 0) return [];
      const wanted = new Set<string>(states);
      const rows = await table.rowsOf(KIND, inStatesCondition([...wanted]));
      // The cached copy may be a moment newer than the row read; it decides.
      return (await toApplicants(rows)).filter((a) => wanted.has(a.dossier.state));
    },
    async all() {
      return toApplicants(await table.rowsOf(KIND));
    },
  };
}

/**
 * The rows SQLite keeps for a listing by state: current-version records in one of the states, and every
 * row it cannot judge: records of another version (an older one is migrated and then judged here; a newer
 * or missing one is reported) and text that is not JSON (reported). CASE, not OR, guards json_extract:
 * SQLite does not promise to evaluate OR's operands in order, and json_extract of malformed JSON raises.
 */
function inStatesCondition(states: readonly string[]) {
  return {
    sql: `CASE WHEN json_valid(value)
      THEN json_extract(value, ?) IS NOT ? OR json_extract(value, ?) IN (${states.map(() => '?').join(', ')})
      ELSE 1 END`,
    params: [
      recordPath('version'),
      APPLICANT_RECORD.migrations.current,
      recordPath('dossier.state'),
      ...states,
    ],
  };
}
