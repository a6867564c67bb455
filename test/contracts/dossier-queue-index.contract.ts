import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApplicantRepository } from '../../src/app/ports/applicant-repository.js';
import type { DossierQueueIndex } from '../../src/app/ports/dossier-queue-index.js';
import type { DossierState } from '../../src/domain/dossier.js';
import type { CorruptRecordError } from '../../src/errors.js';
import { applicantOf, ELIGIBLE_ANSWERS } from '../helpers/applicants.js';

export interface DossierQueueIndexHarness {
  readonly index: DossierQueueIndex;
  /** The repository on the same store, to write applicants as the bot does. */
  readonly applicants: ApplicantRepository;
  /** Writes a stored record's JSON as it is, past the repository. */
  writeRaw(userId: number, json: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * What every DossierQueueIndex adapter promises (src/app/ports/dossier-queue-index.ts): the same dossiers
 * and fields as the repository's records, on SQLite and PostgreSQL.
 */
export function describeDossierQueueIndexContract(
  name: string,
  make: (onCorrupt: (error: CorruptRecordError) => void) => Promise<DossierQueueIndexHarness>,
): void {
  describe(`the DossierQueueIndex contract: ${name}`, () => {
    let harness: DossierQueueIndexHarness;
    let reported: CorruptRecordError[];
    beforeEach(async () => {
      reported = [];
      harness = await make((error) => reported.push(error));
    });
    afterEach(async () => {
      await harness.close();
    });

    const store = async (userId: number, state: DossierState, submittedAt?: string) => {
      const record = applicantOf(userId, {
        answers: { ...ELIGIBLE_ANSWERS, idCardLost: userId % 2 === 0 },
        dossier: { state, ...(submittedAt && { submittedAt }) },
      });
      await harness.applicants.update(userId, () => ({ record, result: undefined }));
    };

    it('lists the dossiers in the states asked for, with their state, submission time and answers', async () => {
      await store(1001, 'submitted', '2020-03-23T01:00:00.000Z');
      await store(1002, 'returned', '2020-03-22T01:00:00.000Z');
      await store(1003, 'draft');
      await store(1004, 'approved', '2020-03-21T01:00:00.000Z');
      const entries = await harness.index.entries(['submitted', 'returned']);
      expect(entries.sort((a, b) => a.userId - b.userId)).toEqual([
        {
          userId: 1001,
          state: 'submitted',
          submittedAt: '2020-03-23T01:00:00.000Z',
          answers: { ...ELIGIBLE_ANSWERS, idCardLost: false },
        },
        {
          userId: 1002,
          state: 'returned',
          submittedAt: '2020-03-22T01:00:00.000Z',
          answers: { ...ELIGIBLE_ANSWERS, idCardLost: true },
        },
      ]);
      expect(await harness.index.entries([])).toEqual([]);
      expect(reported).toEqual([]);
    });

    it('follows a change of state at once', async () => {
      await store(1001, 'submitted', '2020-03-23T01:00:00.000Z');
      await store(1001, 'approved', '2020-03-23T01:00:00.000Z');
      expect(await harness.index.entries(['submitted'])).toEqual([]);
      expect((await harness.index.entries(['approved'])).map((e) => e.userId)).toEqual([1001]);
    });

    it('reports a record that cannot be used and lists the rest', async () => {
      await store(1001, 'submitted', '2020-03-23T01:00:00.000Z');
      await harness.writeRaw(1002, '{"version":1,"userId":1002,"dossier":{"state":"submitted"},"answers":7}');
      await harness.writeRaw(1003, '{"version":99,"userId":1003,"dossier":{"state":"submitted"}}');
      const entries = await harness.index.entries(['submitted']);
      expect(entries.map((e) => e.userId)).toEqual([1001]);
      expect(reported.map((e) => e.key).sort()).toEqual(['applicant:1002', 'applicant:1003']);
    });
  });
}
