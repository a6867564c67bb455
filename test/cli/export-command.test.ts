import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PictureStore } from '../../src/app/ports/picture-store.js';
import type { Applicant } from '../../src/domain/applicant.js';
import type { Flow } from '../../src/domain/flow.js';
import { createFilePictureStore } from '../../src/storage/file-picture-store.js';
import { openAdapters } from '../../src/storage/open-adapters.js';
import { storedApplicant } from '../exports/export-fixtures.js';
import { applicantOf, STARTED_ANSWERS, seedApplicants, tempDataDir } from '../helpers/applicants.js';
import { nmle, REPO_ROOT } from '../helpers/cli.js';
import { loadCurrentFlow } from '../helpers/flow.js';
import { createTestSchema, describeWithPostgres, type TestSchema } from '../helpers/postgres.js';
import { readZipEntries } from '../helpers/zip-entries.js';

const ID = '有效身份证明（正反面及本人手持照片）';

let flow: Flow;
beforeAll(async () => {
  flow = await loadCurrentFlow();
});

/** Runs `nmle` as its own process with this environment only (plus PATH), as an operator would. */
function nmleWith(env: Record<string, string>, args: string[]) {
  const result = spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'nmle.js'), ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    timeout: 60_000,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent', ...env },
  });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** Three applicants: a submitted clinical bachelor, an approved one with one ID picture, one still answering. */
async function applicantsIn(pictures: PictureStore): Promise<Applicant[]> {
  return [
    await storedApplicant(flow, pictures, {
      userId: 70001,
      dossier: { state: 'submitted', submittedAt: '2020-03-24T01:00:00.000Z' },
    }),
    await storedApplicant(flow, pictures, {
      userId: 70002,
      pictures: { identity: 1 },
      dossier: { state: 'approved', submittedAt: '2020-03-22T01:00:00.000Z' },
    }),
    applicantOf(70003, { answers: STARTED_ANSWERS }),
  ];
}

async function rosterIds(file: string): Promise<unknown[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const sheet = workbook.worksheets[0];
  const ids: unknown[] = [];
  sheet?.eachRow((row, n) => {
    if (n > 1) ids.push(row.getCell(1).value);
  });
  return ids;
}

describe('nmle export on the embedded store', () => {
  let dataDir: string;
  let env: Record<string, string>;
  let pictures: PictureStore;

  beforeEach(async () => {
    const dir = tempDataDir();
    dataDir = dir.dataDir;
    env = { DATA_DIR: dataDir };
    pictures = createFilePictureStore(dataDir);
    await seedApplicants(dir.storeUrl, await applicantsIn(pictures));
  });

  it('writes the roster of everyone who finished the interview, and prints a summary with --json', async () => {
    const out = join(dataDir, 'roster.xlsx');
    const run = nmleWith(env, ['export', 'roster', '--out', out, '--json']);
    expect(run).toMatchObject({ status: 0, stderr: '' });
    expect(JSON.parse(run.stdout)).toEqual({ kind: 'roster', out, rows: 2, bytes: statSync(out).size });
    expect(await rosterIds(out)).toEqual(['70002', '70001']);
    // Personal data: the owner's alone.
    expect(statSync(out).mode & 0o777).toBe(0o600);
  });

  it('writes the pictures of one applicant, named per material slot, byte for byte', async () => {
    const out = join(dataDir, 'photos.zip');
    const run = nmleWith(env, ['export', 'photos', '--out', out, '--applicant', '70002']);
    expect(run).toMatchObject({ status: 0, stderr: '' });
    expect(run.stdout).toMatch(/^wrote 1 picture\(s\) of 1 applicant\(s\) to .*photos\.zip \(\d+ bytes\)\n$/);
    const entries = readZipEntries(readFileSync(out));
    expect(entries.map((e) => [e.name, e.utf8])).toEqual([[`70002/01_${ID}_1.jpg`, true]]);
    const stored = await pictures.get((await storedKeys(70002))[0] ?? '');
    expect(entries[0]?.data.equals(Buffer.from(stored))).toBe(true);
  });

  async function storedKeys(userId: number): Promise<string[]> {
    const adapters = await openAdapters(
      { storeUrl: `sqlite://${join(dataDir, 'nmle.sqlite')}`, dataDir, pgPoolSize: 1 },
      {
        onCorrupt: (e) => {
          throw e;
        },
      },
    );
    try {
      return (await adapters.applicants.get(userId))?.dossier.photos.map((p) => p.file) ?? [];
    } finally {
      await adapters.close();
    }
  }

  it('filters by state, in process', async () => {
    const roster = join(dataDir, 'approved.xlsx');
    const photos = join(dataDir, 'submitted.zip');
    expect((await nmle(['export', 'roster', '--out', roster, '--state', 'approved'], env)).status).toBe(0);
    expect(await rosterIds(roster)).toEqual(['70002']);
    const run = await nmle(['export', 'photos', '--out', photos, '--state', 'submitted', '--json'], env);
    expect(JSON.parse(run.stdout)).toMatchObject({ kind: 'photos', applicants: 1, entries: 6, skipped: 0 });
    expect(readZipEntries(readFileSync(photos)).every((e) => e.name.startsWith('70001/'))).toBe(true);
  });

  it.each([
    [
      ['export', 'roster', '--out', 'x.xlsx', '--state', 'pending'],
      /--state: unknown state "pending"; expected one of: draft, submitted, returned, approved, rejected/,
    ],
    [
      ['export', 'photos', '--out', 'x.zip', '--applicant', '99'],
      /--applicant 99: no applicant with this user id in the store/,
    ],
    [
      ['export', 'photos', '--out', 'x.zip', '--applicant', 'abc'],
      /--applicant: expected a Telegram user id/,
    ],
    [['export', 'roster'], /--out is required/],
    [['export'], /expected what to export: roster or photos/],
    [['export', 'pictures', '--out', 'x.zip'], /unknown export "pictures"; expected roster or photos/],
    [['export', 'roster', '--out', 'no-such-folder/x.xlsx'], /no such folder/],
  ])('refuses %j with status 2, one line, and writes nothing', async (args, message) => {
    const run = await nmle(
      args.map((a) => (a.endsWith('.xlsx') || a.endsWith('.zip') ? join(dataDir, a) : a)),
      env,
    );
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(readdirSync(dataDir).filter((f) => /\.(xlsx|zip|partial)$/.test(f))).toEqual([]);
  });

  it('refuses a store that is not there rather than create an empty one', async () => {
    const empty = tempDataDir();
    const run = await nmle(['export', 'roster', '--out', join(empty.dataDir, 'r.xlsx')], {
      DATA_DIR: empty.dataDir,
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/STORE_URL: no store at .*nmle\.sqlite/);
    expect(existsSync(join(empty.dataDir, 'nmle.sqlite'))).toBe(false);
  });

  it('prints its usage with --help', async () => {
    const run = await nmle(['export', 'photos', '--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('nmle export photos --out <file.zip>');
  });
});

describeWithPostgres('nmle export on PostgreSQL', () => {
  let schema: TestSchema;
  let dataDir: string;

  beforeEach(async () => {
    schema = await createTestSchema();
    dataDir = tempDataDir().dataDir;
    const adapters = await openAdapters(
      { storeUrl: schema.url, dataDir, pgPoolSize: 2 },
      {
        onCorrupt: (e) => {
          throw e;
        },
      },
    );
    try {
      for (const applicant of await applicantsIn(adapters.pictures))
        await adapters.applicants.update(applicant.userId, () => ({ record: applicant, result: undefined }));
    } finally {
      await adapters.close();
    }
  });

  afterEach(async () => {
    await schema.drop();
  });

  it('reads the applicants and the pictures from STORE_URL, as npm start does', async () => {
    const env = { STORE_URL: schema.url, DATA_DIR: dataDir };
    const roster = join(dataDir, 'roster.xlsx');
    const photos = join(dataDir, 'photos.zip');
    const rosterRun = nmleWith(env, ['export', 'roster', '--out', roster, '--json']);
    expect(rosterRun).toMatchObject({ status: 0, stderr: '' });
    expect(await rosterIds(roster)).toEqual(['70002', '70001']);
    const photosRun = nmleWith(env, ['export', 'photos', '--out', photos, '--json']);
    expect(photosRun).toMatchObject({ status: 0, stderr: '' });
    expect(JSON.parse(photosRun.stdout)).toMatchObject({ applicants: 2, entries: 7 });
    const names = readZipEntries(readFileSync(photos)).map((e) => e.name);
    expect(names[0]).toBe(`70002/01_${ID}_1.jpg`);
    expect(names.slice(1).every((n) => n.startsWith('70001/'))).toBe(true);
  });
});
