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
}

export function createApplicantStore(keyv: Keyv): ApplicantStore {
  const lock = createKeyLock();
  const keyOf = (userId: number) => `applicant:${userId}`;

  const read = async (userId: number): Promise<Applicant | undefined> => {
    const raw: unknown = await keyv.get(keyOf(userId));
    if (raw === undefined) return undefined;
    const parsed = ApplicantSchema.safeParse(raw);
    if (!parsed.success)
      throw new CorruptRecordError(`applicant record ${userId} does not parse`, { cause: parsed.error });
    return parsed.data;
  };

  return {
    get: read,
    update: (userId, change) =>
      lock.run(String(userId), async () => {
        const { record, result } = change(await read(userId));
        if (record) await keyv.set(keyOf(userId), record);
        return result;
      }),
    delete: (userId) => lock.run(String(userId), () => keyv.delete(keyOf(userId))),
  };
}
