import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { newApplicant } from '../../src/domain/applicant.js';
import type { CorruptRecordError } from '../../src/errors.js';
import { createApplicantStore } from '../../src/storage/applicant-store.js';
import { type OpenStore, openStore } from '../../src/storage/open-store.js';

const opened: OpenStore[] = [];
const failOnCorrupt = (error: CorruptRecordError) => {
  throw error;
};
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
});

async function open(file: string) {
  const store = await openStore(`sqlite://${file}`);
  opened.push(store);
  return store;
}

const modeOf = (path: string) => (statSync(path).mode & 0o777).toString(8);
const tempDir = () => mkdtempSync(join(tmpdir(), 'nmle-open-store-'));

async function writeOneApplicant(store: OpenStore) {
  const record = newApplicant({ userId: 1, chatId: 1, lang: 'zh', flowId: 'test', now: new Date(0) });
  await createApplicantStore(store.keyv, { onCorrupt: failOnCorrupt }).update(1, () => ({
    record,
    result: null,
  }));
}

describe('opening the SQLite store', () => {
  it('creates its folder readable by the bot user only', async () => {
    const dataDir = join(tempDir(), 'data');
    await open(join(dataDir, 'nmle.sqlite'));
    expect(modeOf(dataDir)).toBe('700');
  });

  it('keeps the database and its -wal and -shm files readable by the bot user only', async () => {
    const file = join(tempDir(), 'data', 'nmle.sqlite');
    await writeOneApplicant(await open(file));
    expect([file, `${file}-wal`, `${file}-shm`].map(modeOf)).toEqual(['600', '600', '600']);
  });

  it('tightens a database and -wal file an earlier release left readable to others', async () => {
    const file = join(tempDir(), 'nmle.sqlite');
    await writeOneApplicant(await open(file));
    // Copied while open: the -wal still holds the write, as after a crash of a process that made them 0644.
    const left = join(tempDir(), 'nmle.sqlite');
    for (const suffix of ['', '-wal', '-shm']) {
      copyFileSync(`${file}${suffix}`, `${left}${suffix}`);
      chmodSync(`${left}${suffix}`, 0o644);
    }
    expect(statSync(`${left}-wal`).size).toBeGreaterThan(0);

    const store = await open(left);
    expect([left, `${left}-wal`, `${left}-shm`].map(modeOf)).toEqual(['600', '600', '600']);
    expect(await createApplicantStore(store.keyv, { onCorrupt: failOnCorrupt }).get(1)).toBeDefined();
  });

  it('leaves the mode of a folder that already exists alone', async () => {
    const shared = join(tempDir(), 'shared');
    mkdirSync(shared);
    chmodSync(shared, 0o750);
    await open(join(shared, 'nmle.sqlite'));
    expect(modeOf(shared)).toBe('750');
  });

  it('commits with synchronous=NORMAL, not a full fsync per write', async () => {
    const store = await open(join(tempDir(), 'nmle.sqlite'));
    const sqlite = store.keyv.store as { query: (sql: string) => Promise<{ synchronous: number }[]> };
    // 1 is NORMAL (https://www.sqlite.org/pragma.html#pragma_synchronous).
    expect((await sqlite.query('PRAGMA synchronous'))[0]?.synchronous).toBe(1);
  });
});
