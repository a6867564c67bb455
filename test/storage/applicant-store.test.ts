import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Applicant, newApplicant } from '../../src/domain/applicant.js';
import { CorruptRecordError, createApplicantStore } from '../../src/storage/applicant-store.js';
import { type OpenStore, openStore } from '../../src/storage/open-store.js';

const opened: OpenStore[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
});

async function open(url: string) {
  const store = await openStore(url);
  opened.push(store);
  return { ...store, applicants: createApplicantStore(store.keyv) };
}

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
    const { keyv, applicants } = await open(tempUrl());
    await Promise.all(
      [1, 2, 3].map((id) => applicants.update(id, () => ({ record: fresh(id), result: null }))),
    );
    await keyv.set('applicant:9', { version: 99 });
    await keyv.set('other:1', { something: true });
    expect((await applicants.all()).map((a) => a.userId).sort()).toEqual([1, 2, 3]);
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
