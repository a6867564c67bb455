import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApplicantRepository } from '../../src/app/ports/applicant-repository.js';
import { type Applicant, newApplicant } from '../../src/domain/applicant.js';
import type { DossierState } from '../../src/domain/dossier.js';
import { CorruptRecordError, type OnCorruptRecord } from '../../src/errors.js';

/** An ApplicantRepository adapter ready for one test, with a way past it to the stored records. */
export interface ApplicantRepositoryHarness {
  readonly repository: ApplicantRepository;
  /**
   * Stores `recordJson` as the applicant's record exactly as given, past the repository, as an older
   * release or a broken write would have left it. Called before the repository has seen this applicant.
   */
  writeRaw(userId: number, recordJson: string): Promise<void>;
  /** The applicant's stored record as a JSON value, read past the repository; undefined when none. */
  readRaw(userId: number): Promise<unknown>;
  close(): Promise<void>;
}

/** Builds a fresh, empty repository whose listings report unusable records to `onCorrupt`. */
export type MakeApplicantRepository = (onCorrupt: OnCorruptRecord) => Promise<ApplicantRepositoryHarness>;

const NOW = new Date('2020-03-20T00:00:00Z');

const applicantIn = (userId: number, state: DossierState = 'draft'): Applicant => {
  const base = newApplicant({ userId, chatId: userId, lang: 'zh', flowId: 'test', now: NOW });
  return { ...base, dossier: { ...base.dossier, state } };
};

/** A version-1 record as the first release wrote it: no `dossier.photos`, no `inactive`. */
const FIRST_RELEASE_JSON = `{"version":1,"userId":8,"chatId":8,"lang":"en","flowId":"2020-weihai",
  "answers":{"target":"physician"},"revision":1,"dossier":{"state":"draft"},
  "createdAt":"2020-03-18T01:00:00.000Z","updatedAt":"2020-03-18T01:00:00.000Z"}`;

/** A submitted applicant as this release writes it, with its version and language as given. */
const submittedJson = (userId: number, version: unknown, lang = 'zh') =>
  JSON.stringify({
    ...applicantIn(userId, 'submitted'),
    version,
    lang,
  });

/**
 * Records no release of this code can use, each in a submitted dossier so that every listing (also by
 * state) reaches it. Valid JSON only: a database with a JSON column would not store anything else.
 */
const UNUSABLE: readonly (readonly [string, string])[] = [
  ['of a newer version', submittedJson(6, 99)],
  ['without a version', submittedJson(6, undefined)],
  ['of the current version that does not parse', submittedJson(6, 1, 'fr')],
];

/**
 * The behaviour every ApplicantRepository adapter promises (src/app/ports/applicant-repository.ts), run
 * against each adapter: the embedded one in test/storage/applicant-repository.sqlite.test.ts.
 */
export function describeApplicantRepositoryContract(name: string, make: MakeApplicantRepository): void {
  describe(`the ApplicantRepository contract: ${name}`, () => {
    let harness: ApplicantRepositoryHarness;
    let repository: ApplicantRepository;
    let reported: CorruptRecordError[];

    beforeEach(async () => {
      const seen: CorruptRecordError[] = [];
      reported = seen;
      harness = await make((error) => seen.push(error));
      repository = harness.repository;
    });
    afterEach(async () => {
      await harness.close();
    });

    const store = (...records: Applicant[]) =>
      Promise.all(
        records.map((record) => repository.update(record.userId, () => ({ record, result: null }))),
      );
    const ids = (applicants: readonly Applicant[]) => applicants.map((a) => a.userId).sort((a, b) => a - b);

    it('answers undefined for an applicant never stored', async () => {
      expect(await repository.get(1)).toBeUndefined();
    });

    it('reads back what an update stored', async () => {
      const record = { ...applicantIn(1), answers: { target: 'physician', institutions: 2 } };
      await store(record);
      expect(await repository.get(1)).toEqual(record);
    });

    it('resolves with the change result and keeps the record when the change returns none', async () => {
      await store(applicantIn(1));
      expect(await repository.update(1, (current) => ({ result: current?.userId }))).toBe(1);
      expect(await repository.get(1)).toEqual(applicantIn(1));
    });

    it('lets three changes of one applicant arriving together all take effect', async () => {
      await store(applicantIn(1));
      const setAnswer = (fact: string, value: string) =>
        repository.update(1, (current) => ({
          record: current && { ...current, answers: { ...current.answers, [fact]: value } },
          result: null,
        }));
      await Promise.all([
        setAnswer('target', 'physician'),
        setAnswer('education', 'bachelor'),
        setAnswer('category', 'tcm'),
      ]);
      expect((await repository.get(1))?.answers).toEqual({
        target: 'physician',
        education: 'bachelor',
        category: 'tcm',
      });
    });

    it('stores nothing when a change throws, and runs the next change of that applicant', async () => {
      await store(applicantIn(1));
      const failing = repository.update(1, () => {
        throw new Error('boom');
      });
      const next = repository.update(1, (current) => ({
        record: current && { ...current, revision: current.revision + 1 },
        result: null,
      }));
      await expect(failing).rejects.toThrow('boom');
      await next;
      expect((await repository.get(1))?.revision).toBe(1);
    });

    it('lists by state exactly the applicants whose dossier is in one of those states', async () => {
      await store(
        applicantIn(1, 'draft'),
        applicantIn(2, 'submitted'),
        applicantIn(3, 'submitted'),
        applicantIn(4, 'returned'),
        applicantIn(5, 'approved'),
      );
      expect(ids(await repository.listByState(['submitted', 'returned']))).toEqual([2, 3, 4]);
      expect(ids(await repository.listByState(['rejected']))).toEqual([]);
      expect(await repository.listByState([])).toEqual([]);
      expect(await repository.listByState(['approved'])).toEqual([applicantIn(5, 'approved')]);
    });

    it('moves an applicant from one listing to the other when its state changes', async () => {
      await store(applicantIn(2, 'submitted'), applicantIn(3, 'submitted'));
      await repository.update(2, (current) => ({
        record: current && { ...current, dossier: { ...current.dossier, state: 'approved' } },
        result: null,
      }));
      expect(ids(await repository.listByState(['submitted']))).toEqual([3]);
      expect(ids(await repository.listByState(['approved']))).toEqual([2]);
    });

    it('lists every applicant', async () => {
      await store(applicantIn(1, 'draft'), applicantIn(2, 'submitted'), applicantIn(3, 'rejected'));
      expect(ids(await repository.all())).toEqual([1, 2, 3]);
    });

    it('migrates a record of the first release on read, and lists it by its state', async () => {
      await harness.writeRaw(8, FIRST_RELEASE_JSON);
      const migrated = {
        ...JSON.parse(FIRST_RELEASE_JSON),
        dossier: { state: 'draft', photos: [] },
        inactive: false,
      };
      expect(await repository.get(8)).toEqual(migrated);
      expect(await repository.listByState(['draft'])).toEqual([migrated]);
      expect(reported).toEqual([]);
    });

    it.each(UNUSABLE)(
      'refuses to read or change a record %s, naming its key, and keeps it',
      async (_, json) => {
        await harness.writeRaw(6, json);
        const error = await repository.get(6).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(CorruptRecordError);
        expect(error).toMatchObject({ key: 'applicant:6', problem: expect.any(String) });
        let called = false;
        const changed = repository.update(6, () => {
          called = true;
          return { record: applicantIn(6), result: null };
        });
        await expect(changed).rejects.toThrow(CorruptRecordError);
        expect(called).toBe(false);
        expect(await harness.readRaw(6)).toEqual(JSON.parse(json));
      },
    );

    it.each(UNUSABLE)('skips a record %s in the listings, reports it, and keeps it', async (_, json) => {
      await harness.writeRaw(6, json);
      await store(applicantIn(2, 'submitted'));
      expect(ids(await repository.all())).toEqual([2]);
      expect(ids(await repository.listByState(['submitted']))).toEqual([2]);
      expect(reported.map((e) => [e.name, e.key])).toEqual([
        ['CorruptRecordError', 'applicant:6'],
        ['CorruptRecordError', 'applicant:6'],
      ]);
      expect(await harness.readRaw(6)).toEqual(JSON.parse(json));
    });

    it("gives the parser's error as the cause of a record that does not parse", async () => {
      await harness.writeRaw(6, submittedJson(6, 1, 'fr'));
      const error = (await repository.get(6).catch((e: unknown) => e)) as CorruptRecordError;
      expect(error.problem).toContain('lang');
      expect(error.cause).toBeInstanceOf(Error);
    });

    it('deletes a record that cannot be used (delete my data still works)', async () => {
      await harness.writeRaw(6, submittedJson(6, 99));
      expect(await repository.delete(6)).toBe(true);
      expect(await repository.get(6)).toBeUndefined();
      expect(await harness.readRaw(6)).toBeUndefined();
    });

    it('leaves nothing of a deleted applicant', async () => {
      await store(applicantIn(1, 'submitted'), applicantIn(2, 'submitted'));
      expect(await repository.delete(1)).toBe(true);
      expect(await repository.get(1)).toBeUndefined();
      expect(ids(await repository.listByState(['submitted']))).toEqual([2]);
      expect(ids(await repository.all())).toEqual([2]);
      expect(await harness.readRaw(1)).toBeUndefined();
      expect(await repository.delete(1)).toBe(false);
    });

    it('answers false when deleting an applicant never stored', async () => {
      expect(await repository.delete(9)).toBe(false);
    });
  });
}
