import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Keyv from 'keyv';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type Applicant, newApplicant } from '../../src/domain/applicant.js';
import { CorruptRecordError, createApplicantStore } from '../../src/storage/applicant-store.js';
import { markInactiveInPlace } from '../../src/storage/mark-inactive.js';
import { type OpenStore, openStore } from '../../src/storage/open-store.js';

const opened: OpenStore[] = [];
const failOnCorrupt = (error: CorruptRecordError) => {
  throw error;
};
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
});

async function open(url: string) {
  const store = await openStore(url);
  opened.push(store);
  const reported: CorruptRecordError[] = [];
  return {
    ...store,
    reported,
    applicants: createApplicantStore(store.keyv, { onCorrupt: (e) => reported.push(e) }),
  };
}

/** Writes a row as Keyv stores it (namespace `nmle`, value wrapped in `{"value": …}`), bypassing the code. */
async function writeRaw(keyv: Keyv, userId: number, recordJson: string) {
  const sqlite = keyv.store as { query: (sql: string, ...params: unknown[]) => Promise<unknown> };
  await sqlite.query(
    'INSERT INTO keyv (key, value) VALUES (?, ?)',
    `nmle:applicant:${userId}`,
    `{"value":${recordJson}}`,
  );
}

/** A version-1 record as this release writes it, frozen: a change it no longer parses under needs a migration. */
const TODAYS_V1_JSON = `{"version":1,"userId":7,"chatId":70,"lang":"zh","flowId":"2020-weihai",
  "answers":{"target":"physician","institutions":1,"diplomaLost":false},"editing":"education","revision":4,
  "dossier":{"state":"returned","photos":[{"id":"a1","materialId":"idCard","fileId":"AgAD","fileUniqueId":"AQAD",
  "hash":"${'0f'.repeat(128)}","file":"photos/7/a1.jpg","format":"jpeg","bytes":51234,"width":1200,"height":800,
  "addedAt":"2020-03-20T01:00:00.000Z","mediaGroupId":"g1"}],"currentMaterial":"idCard",
  "submittedAt":"2020-03-21T01:00:00.000Z","feedback":{"text":"模糊","materials":["idCard"],"at":"2020-03-22T01:00:00.000Z"}},
  "inactive":true,"createdAt":"2020-03-20T00:00:00.000Z","updatedAt":"2020-03-22T01:00:00.000Z"}`;

/** A version-1 record as the first release wrote it: no `dossier.photos`, no `inactive`. */
const FIRST_RELEASE_V1_JSON = `{"version":1,"userId":8,"chatId":8,"lang":"en","flowId":"2020-weihai",
  "answers":{"target":"physician"},"revision":1,"dossier":{"state":"draft"},
  "createdAt":"2020-03-18T01:00:00.000Z","updatedAt":"2020-03-18T01:00:00.000Z"}`;

const tempUrl = () => `sqlite://${join(mkdtempSync(join(tmpdir(), 'nmle-store-')), 'sub', 'nmle.sqlite')}`;
const fresh = (userId: number): Applicant =>
  newApplicant({ userId, chatId: userId, lang: 'zh', flowId: 'test', now: new Date('2020-03-20T00:00:00Z') });

describe('the applicant store on SQLite', () => {
  it('keeps an applicant across closing and reopening the file', async () => {
    const url = tempUrl();
    const first = await open(url);
    await first.applicants.update(7, () => ({
      record: { ...fresh(7), answers: { target: 'physician' } },
      result: null,
    }));
    await first.close();
    opened.splice(opened.indexOf(first), 1);

    const second = await open(url);
    expect((await second.applicants.get(7))?.answers).toEqual({ target: 'physician' });
  });

  it('runs in WAL mode so that a write is not a full fsync', async () => {
    const store = await openStore(tempUrl());
    opened.push(store);
    const sqlite = store.keyv.store as { query: (sql: string) => Promise<{ journal_mode: string }[]> };
    expect((await sqlite.query('PRAGMA journal_mode'))[0]?.journal_mode).toBe('wal');
  });

  it('lets two changes of one applicant arriving together both take effect', async () => {
    const { applicants } = await open(tempUrl());
    await applicants.update(1, () => ({ record: fresh(1), result: null }));
    const setAnswer = (fact: string, value: string) =>
      applicants.update(1, (current) => ({
        record: current && { ...current, answers: { ...current.answers, [fact]: value } },
        result: null,
      }));
    await Promise.all([
      setAnswer('target', 'physician'),
      setAnswer('education', 'bachelor'),
      setAnswer('category', 'tcm'),
    ]);
    expect((await applicants.get(1))?.answers).toEqual({
      target: 'physician',
      education: 'bachelor',
      category: 'tcm',
    });
  });

  it('refuses a record that does not parse and leaves it untouched', async () => {
    const { keyv, applicants } = await open('sqlite://:memory:');
    await keyv.set('applicant:5', { version: 99, something: 'else' });
    await expect(applicants.get(5)).rejects.toThrow(CorruptRecordError);
    await expect(applicants.update(5, () => ({ record: fresh(5), result: null }))).rejects.toThrow(
      CorruptRecordError,
    );
    expect(await keyv.get('applicant:5')).toEqual({ version: 99, something: 'else' });
  });

  it('reads a version-1 record stored as this release writes it, unchanged', async () => {
    const { keyv, applicants } = await open(tempUrl());
    await writeRaw(keyv, 7, TODAYS_V1_JSON);
    expect(await applicants.get(7)).toEqual(JSON.parse(TODAYS_V1_JSON));
  });

  it('reads a version-1 record of the first release, before photos and inactive existed', async () => {
    const { keyv, applicants } = await open(tempUrl());
    await writeRaw(keyv, 8, FIRST_RELEASE_V1_JSON);
    expect(await applicants.get(8)).toEqual({
      ...JSON.parse(FIRST_RELEASE_V1_JSON),
      dossier: { state: 'draft', photos: [] },
      inactive: false,
    });
    expect((await applicants.all()).map((a) => a.userId)).toEqual([8]);
  });

  it('refuses a record of a newer version, naming its key and both versions', async () => {
    const { keyv, applicants } = await open(tempUrl());
    await writeRaw(keyv, 6, TODAYS_V1_JSON.replace('"version":1', '"version":2'));
    const error = await applicants.get(6).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CorruptRecordError);
    expect(error).toMatchObject({
      key: 'applicant:6',
      message: expect.stringMatching(/version 2, newer .* 1/),
    });
  });

  it('refuses a record without a version', async () => {
    const { keyv, applicants } = await open(tempUrl());
    await keyv.set('applicant:6', { userId: 6 });
    await expect(applicants.get(6)).rejects.toThrow(/applicant:6: the record has no version/);
  });

  it('refuses a version-1 record that does not parse, naming the field, with the zod error as cause', async () => {
    const { keyv, applicants } = await open(tempUrl());
    await writeRaw(keyv, 6, TODAYS_V1_JSON.replace('"lang":"zh"', '"lang":"fr"'));
    const error = await applicants.get(6).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CorruptRecordError);
    expect(error).toMatchObject({ key: 'applicant:6', message: expect.stringContaining('lang:') });
    expect((error as Error).cause).toBeInstanceOf(z.ZodError);
  });

  it('commits many applicants changed together, each kept across reopening', async () => {
    const url = tempUrl();
    const first = await open(url);
    await Promise.all(
      Array.from({ length: 700 }, (_, i) =>
        first.applicants.update(i + 1, () => ({ record: fresh(i + 1), result: null })),
      ),
    );
    await first.close();
    opened.splice(opened.indexOf(first), 1);
    const second = await open(url);
    for (const userId of [1, 350, 700]) expect((await second.applicants.get(userId))?.userId).toBe(userId);
  });

  it('reports a write that failed instead of losing it silently', async () => {
    const { keyv, applicants } = await open(tempUrl());
    await (keyv.store as { query: (sql: string) => Promise<unknown> }).query('DROP TABLE keyv');
    await expect(applicants.update(4, () => ({ record: fresh(4), result: null }))).rejects.toThrow(
      /no such table/,
    );
  });

  it('lists every applicant, skipping a record that does not parse', async () => {
    const { keyv, applicants, reported } = await open(tempUrl());
    await Promise.all(
      [1, 2, 3].map((id) => applicants.update(id, () => ({ record: fresh(id), result: null }))),
    );
    await keyv.set('applicant:9', { version: 99 });
    await keyv.set('other:1', { something: true });
    expect((await applicants.all()).map((a) => a.userId).sort()).toEqual([1, 2, 3]);
    expect(reported.map((e) => e.key)).toEqual(['applicant:9']);
  });

  it('serves reads from its cache, keeping the most recently used and evicting the least', async () => {
    const store = await openStore(tempUrl());
    opened.push(store);
    const applicants = createApplicantStore(store.keyv, { cacheEntries: 2, onCorrupt: failOnCorrupt });
    for (const id of [1, 2]) await applicants.update(id, () => ({ record: fresh(id), result: null }));
    await applicants.get(1);
    await applicants.update(3, () => ({ record: fresh(3), result: null }));
    // Changed behind the store's back: a cached applicant still reads as it was, an evicted one afresh.
    for (const id of [1, 2, 3]) await markInactiveInPlace(store.keyv, id);
    const inactive = async (id: number) => (await applicants.get(id))?.inactive;
    expect([await inactive(1), await inactive(3), await inactive(2)]).toEqual([false, false, true]);
  });

  it('remembers that an applicant does not exist', async () => {
    const { keyv, applicants } = await open(tempUrl());
    expect(await applicants.get(5)).toBeUndefined();
    await writeRaw(keyv, 5, TODAYS_V1_JSON);
    expect(await applicants.get(5)).toBeUndefined();
  });

  it('deletes an applicant', async () => {
    const { applicants } = await open('sqlite://:memory:');
    await applicants.update(9, () => ({ record: fresh(9), result: null }));
    expect(await applicants.delete(9)).toBe(true);
    expect(await applicants.get(9)).toBeUndefined();
  });

  it('keeps going after a change throws, for that applicant and others', async () => {
    const { applicants } = await open('sqlite://:memory:');
    await expect(
      applicants.update(3, () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await applicants.update(3, () => ({ record: fresh(3), result: null }));
    expect(await applicants.get(3)).toBeDefined();
  });
});
