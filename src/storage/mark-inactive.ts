import type Keyv from 'keyv';
import type { ApplicantStore } from './applicant-store.js';
import { recordPath, sqliteTableOf } from './sqlite-table.js';

/**
 * Marks an applicant who blocked the bot `inactive` through the store that owns the applicant cache (the
 * bot process), so its cached copy agrees. Nothing happens when there is no such applicant.
 */
export async function markInactive(applicants: ApplicantStore, userId: number, now: Date): Promise<void> {
  await applicants.update(userId, (current) =>
    current && !current.inactive
      ? { record: { ...current, inactive: true, updatedAt: now.toISOString() }, result: undefined }
      : { result: undefined },
  );
}

/**
 * As `markInactive`, for a process that shares the SQLite file with a running bot (`nmle remind`): one
 * statement that changes that one field in place, so a write the bot makes to the same applicant at the
 * same moment is never overwritten by a stale copy. The bot's cache keeps its old copy until the applicant
 * writes again; see README, "nmle remind". A row that is not JSON is left alone (false).
 * @throws UnsupportedStoreError when the Keyv store is not SQLite.
 */
export async function markInactiveInPlace(keyv: Keyv, userId: number): Promise<boolean> {
  const table = sqliteTableOf(keyv, 'marking an applicant inactive in place');
  const rows = await table.query(
    `UPDATE ${table.name} SET value = json_set(value, ?, json('true'))
     WHERE key = ? AND json_valid(value) RETURNING key`,
    recordPath('inactive'),
    `${table.prefixOf('applicant')}${userId}`,
  );
  return rows.length === 1;
}
