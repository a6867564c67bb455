import { AsyncLocalStorage } from 'node:async_hooks';
import type { ApplicantRepository } from '../app/ports/applicant-repository.js';
import type { Applicant } from '../domain/applicant.js';
import { UpdateAlreadyApplied } from '../errors.js';

/** How many applied update ids a record remembers: far more than Telegram keeps re-delivering at once. */
const REMEMBERED = 32;

interface Applying {
  readonly updateId: number;
  /** The applicants this update has changed so far: their later changes in the same update go through. */
  readonly changed: Set<number>;
}

const applying = new AsyncLocalStorage<Applying>();

/** Runs the application of one update, so that the applicant changes it makes are recognised if it comes again. */
export function applyingUpdate<T>(updateId: number, work: () => Promise<T>): Promise<T> {
  return applying.run({ updateId, changed: new Set() }, work);
}

/**
 * The applicant records, each change stamped with the update that made it, in the same write: an update
 * delivered again after its first delivery changed a record (the instance died before answering 200, or
 * before noting the update as applied) is refused with UpdateAlreadyApplied instead of being applied twice
 * (a typed answer would otherwise answer the next question too). Outside `applyingUpdate` (reminders, the
 * console, picture jobs) changes pass through untouched.
 */
export function appliedOnce(applicants: ApplicantRepository): ApplicantRepository {
  return {
    get: (userId) => applicants.get(userId),
    delete: (userId) => applicants.delete(userId),
    listByState: (states) => applicants.listByState(states),
    all: () => applicants.all(),
    update(userId, change) {
      const current = applying.getStore();
      if (!current) return applicants.update(userId, change);
      const { updateId, changed } = current;
      return applicants
        .update(userId, (record) => {
          const seen = record?.appliedUpdates?.includes(updateId) ?? false;
          if (seen && !changed.has(userId)) throw new UpdateAlreadyApplied(updateId);
          const outcome = change(record);
          if (!outcome.record || seen) return outcome;
          const stamped: Applicant = {
            ...outcome.record,
            appliedUpdates: [...(outcome.record.appliedUpdates ?? []), updateId].slice(-REMEMBERED),
          };
          return { ...outcome, record: stamped };
        })
        .then((result) => {
          changed.add(userId);
          return result;
        });
    },
  };
}
