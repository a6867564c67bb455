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

    it('counts the dossiers per state, every state named, none counted twice', async () => {
      await store(1001, 'submitted', '2020-03-23T01:00:00.000Z');
      await store(1002, 'submitted', '2020-03-22T01:00:00.000Z');
      await store(1003, 'returned', '2020-03-22T01:00:00.000Z');
      await store(1004, 'draft');
      await store(1002, 'approved', '2020-03-22T01:00:00.000Z');
      const counts = await harness.index.counts(['submitted', 'returned', 'approved', 'rejected']);
      expect(counts).toMatchObject({ submitted: 1, returned: 1, approved: 1, rejected: 0 });
      expect((await harness.index.counts(['draft'])).draft).toBe(1);
      expect((await harness.index.counts(['draft'])).submitted).toBe(0);
    });

    it('finds one state oldest first, narrowed by exam, category and submission time, in pages', async () => {
      const other = { ...ELIGIBLE_ANSWERS, target: 'assistant' };
      const write = async (
        userId: number,
        submittedAt: string,
        answers: Record<string, string | number | boolean>,
      ) =>
        harness.applicants.update(userId, () => ({
          record: applicantOf(userId, { answers, dossier: { state: 'submitted', submittedAt } }),
          result: undefined,
        }));
      await write(1005, '2020-03-24T01:00:00.000Z', ELIGIBLE_ANSWERS);
      await write(1001, '2020-03-22T01:00:00.000Z', ELIGIBLE_ANSWERS);
      await write(1003, '2020-03-23T01:00:00.000Z', other);
      await write(1002, '2020-03-23T01:00:00.000Z', ELIGIBLE_ANSWERS);
      await write(1004, '2020-03-23T01:00:00.000Z', { ...ELIGIBLE_ANSWERS, category: 'dental' });
      await store(1006, 'returned', '2020-03-21T01:00:00.000Z');
      const ids = (page: { entries: { userId: number }[] }) => page.entries.map((e) => e.userId);

      const all = await harness.index.find({ state: 'submitted' });
      expect(ids(all)).toEqual([1001, 1002, 1003, 1004, 1005]);
      expect(all.total).toBe(5);
      expect(all.entries[0]).toEqual({
        userId: 1001,
        state: 'submitted',
        submittedAt: '2020-03-22T01:00:00.000Z',
        answers: ELIGIBLE_ANSWERS,
      });
      const second = await harness.index.find({ state: 'submitted' }, { offset: 2, limit: 2 });
      expect(ids(second)).toEqual([1003, 1004]);
      expect(second.total).toBe(5);
      expect(ids(await harness.index.find({ state: 'submitted', exam: 'physician' }))).toEqual([
        1001, 1002, 1004, 1005,
      ]);
      const narrowed = await harness.index.find(
        {
          state: 'submitted',
          exam: 'physician',
          category: 'clinical',
          submittedBefore: '2020-03-24T01:00:00.000Z',
        },
        { offset: 0, limit: 1 },
      );
      expect(ids(narrowed)).toEqual([1001]);
      expect(narrowed.total).toBe(2);
      expect(ids(await harness.index.find({ state: 'returned' }))).toEqual([1006]);
      expect(await harness.index.find({ state: 'rejected' }, { offset: 0, limit: 10 })).toEqual({
        total: 0,
        entries: [],
      });
    });

    it('reports a record that cannot be used and lists the rest', async () => {
      await store(1001, 'submitted', '2020-03-23T01:00:00.000Z');
      await harness.writeRaw(1002, '{"version":1,"userId":1002,"dossier":{"state":"submitted"},"answers":7}');
      await harness.writeRaw(
        1004,
        '{"version":1,"userId":1004,"dossier":{"state":"submitted"},"answers":"physician"}',
      );
      await harness.writeRaw(1003, '{"version":99,"userId":1003,"dossier":{"state":"submitted"}}');
      const entries = await harness.index.entries(['submitted']);
      expect(entries.map((e) => e.userId)).toEqual([1001]);
      expect(reported.map((e) => e.key).sort()).toEqual([
        'applicant:1002',
        'applicant:1003',
        'applicant:1004',
      ]);
      const physicians = await harness.index.find(
        { state: 'submitted', exam: 'physician' },
        { offset: 0, limit: 5 },
      );
      expect(physicians.entries.map((e) => e.userId)).toEqual([1001]);

      // Counted by its state (the database counts without reading it), listed never, reported when met.
      reported.length = 0;
      const found = await harness.index.find({ state: 'submitted' }, { offset: 0, limit: 10 });
      expect(found.entries).toEqual(entries);
      expect(found.total).toBe(3);
      expect(reported.map((e) => e.key).sort()).toEqual([
        'applicant:1002',
        'applicant:1003',
        'applicant:1004',
      ]);
      reported.length = 0;
      expect((await harness.index.counts(['submitted'])).submitted).toBe(3);
      expect(reported.map((e) => e.key)).toEqual(['applicant:1003']);
    });
  });
}
