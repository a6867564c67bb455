import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Keyv from 'keyv';
import { afterEach, describe, expect, it } from 'vitest';
import { newApplicant } from '../../src/domain/applicant.js';
import type { DossierState } from '../../src/domain/dossier.js';
import { CorruptRecordError, UnsupportedStoreError } from '../../src/errors.js';
import { createApplicantStore } from '../../src/storage/applicant-store.js';
import { markInactiveInPlace } from '../../src/storage/mark-inactive.js';
import { type OpenStore, openStore } from '../../src/storage/open-store.js';
import { describeApplicantRepositoryContract } from '../contracts/applicant-repository.contract.js';

type Query = (sql: string, ...params: unknown[]) => Promise<{ value: string }[]>;
const queryOf = (store: OpenStore) => (store.keyv.store as { query: Query }).query.bind(store.keyv.store);
const tempUrl = () => `sqlite://${join(mkdtempSync(join(tmpdir(), 'nmle-repository-')), 'nmle.sqlite')}`;

/** Writes a row's text as given, past Keyv: `{"value": <record>}` as Keyv wraps it, or anything else. */
async function writeRow(store: OpenStore, userId: number, text: string) {
  await queryOf(store)(
    'INSERT INTO keyv (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
    `nmle:applicant:${userId}`,
    text,
  );
}

describeApplicantRepositoryContract('Keyv on SQLite (embedded)', async (onCorrupt) => {
  const store = await openStore(tempUrl());
  return {
    repository: createApplicantStore(store.keyv, { onCorrupt }),
    writeRaw: (userId, json) => writeRow(store, userId, `{"value":${json}}`),
    async readRaw(userId) {
      const rows = await queryOf(store)('SELECT value FROM keyv WHERE key = ?', `nmle:applicant:${userId}`);
      return rows[0] ? (JSON.parse(rows[0].value) as { value: unknown }).value : undefined;
    },
    close: () => store.close(),
  };
});

describe('the applicant repository on SQLite', () => {
  const opened: OpenStore[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
  });
  const open = async () => {
    const store = await openStore(tempUrl());
    opened.push(store);
    const reported: CorruptRecordError[] = [];
    const repository = createApplicantStore(store.keyv, { onCorrupt: (error) => reported.push(error) });
    return { store, repository, reported };
  };
  const applicantIn = (userId: number, state: DossierState) => {
    const base = newApplicant({ userId, chatId: userId, lang: 'zh', flowId: 'test', now: new Date(0) });
    return { ...base, dossier: { ...base.dossier, state } };
  };

  it('refuses, when it is built, a Keyv store it cannot list with SQL', () => {
    expect(() => createApplicantStore(new Keyv(), { onCorrupt: () => undefined })).toThrow(
      UnsupportedStoreError,
    );
    expect(() => createApplicantStore(new Keyv(), { onCorrupt: () => undefined })).toThrow(/got a Map/);
  });

  it('refuses to mark in place on a Keyv store that is not SQLite', async () => {
    await expect(markInactiveInPlace(new Keyv(), 1)).rejects.toThrow(UnsupportedStoreError);
  });

  it('lists by state reading only the rows in those states', async () => {
    const { store, repository } = await open();
    const states: DossierState[] = ['draft', 'returned', 'approved'];
    await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        repository.update(i + 1, () => ({
          record: applicantIn(i + 1, states[i % 3] ?? 'draft'),
          result: null,
        })),
      ),
    );
    for (const userId of [101, 102])
      await repository.update(userId, () => ({ record: applicantIn(userId, 'submitted'), result: null }));
    const deserialize = store.keyv.deserialize;
    let deserialized = 0;
    store.keyv.deserialize = (text) => {
      deserialized += 1;
      return deserialize?.(text);
    };
    expect((await repository.listByState(['submitted'])).map((a) => a.userId)).toEqual([101, 102]);
    expect(deserialized).toBe(2);
  });

  it('reaches a record of another version whatever state it says, since a migration may change it', async () => {
    const { store, repository, reported } = await open();
    await writeRow(store, 6, `{"value":${JSON.stringify({ ...applicantIn(6, 'draft'), version: 99 })}}`);
    expect(await repository.listByState(['submitted'])).toEqual([]);
    expect(reported.map((e) => e.key)).toEqual(['applicant:6']);
  });

  it('reports a row whose text is not JSON, on read and in every listing, and keeps it', async () => {
    const { store, repository, reported } = await open();
    await writeRow(store, 6, '{"value":{"version":1,');
    await repository.update(2, () => ({ record: applicantIn(2, 'draft'), result: null }));
    await expect(repository.get(6)).rejects.toThrow(CorruptRecordError);
    expect((await repository.all()).map((a) => a.userId)).toEqual([2]);
    expect((await repository.listByState(['draft'])).map((a) => a.userId)).toEqual([2]);
    expect(reported.map((e) => [e.key, e.cause instanceof SyntaxError])).toEqual([
      ['applicant:6', true],
      ['applicant:6', true],
    ]);
    const rows = await queryOf(store)('SELECT value FROM keyv WHERE key = ?', 'nmle:applicant:6');
    expect(rows[0]?.value).toBe('{"value":{"version":1,');
  });

  it("refuses a record stored under another user's key", async () => {
    const { store, repository } = await open();
    await writeRow(store, 9, `{"value":${JSON.stringify(applicantIn(7, 'draft'))}}`);
    await expect(repository.get(9)).rejects.toThrow(/applicant:9: the record is of user 7/);
  });

  it('lists what its cache holds over a row changed behind its back, as get does', async () => {
    const { store, repository } = await open();
    await repository.update(3, () => ({ record: applicantIn(3, 'submitted'), result: null }));
    await markInactiveInPlace(store.keyv, 3);
    expect((await repository.listByState(['submitted']))[0]?.inactive).toBe(false);
  });
});
