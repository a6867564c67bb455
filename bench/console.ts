// The web console with 10,000 dossiers: server time of the queue page (filters on) and of a dossier page,
// through the Hono app in this process with a signed-in session, and the roster export of every row — on
// SQLite, and on PostgreSQL when BENCH_POSTGRES_URL or TEST_POSTGRES_URL names a database.

import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import pg from 'pg';
import { issueSignInLink } from '../src/app/console-sign-in.js';
import { createConsoleApp } from '../src/console/console-app.js';
import { consoleDepsOf } from '../src/console/console-deps.js';
import { type Applicant, newApplicant } from '../src/domain/applicant.js';
import { checklistOf } from '../src/domain/applicant-progress.js';
import type { DossierPhoto, DossierState } from '../src/domain/dossier.js';
import type { Flow } from '../src/domain/flow.js';
import { writeRosterXlsx } from '../src/exports/roster-xlsx.js';
import { createLogger } from '../src/log.js';
import { openAdapters, type StoreAdapters } from '../src/storage/open-adapters.js';
import { ELIGIBLE_ANSWERS } from '../test/helpers/applicants.js';
import { loadCurrentFlow } from '../test/helpers/flow.js';
import { memoryNotifier } from '../test/helpers/memory-ports.js';
import { printTable, quantile, round } from './stats.js';

const REVIEWER = 9_000_001;
const FIRST_USER = 100_000_000;
const NOW = '2020-03-25T01:00:00.000Z';
const GOAL_PAGE_P95_MS = 100;
const GOAL_EXPORT_S = 5;

/** Finished interviews of the kinds an exam site sees most, each a different route through the checklist. */
const PROFILES: readonly Applicant['answers'][] = [
  ELIGIBLE_ANSWERS,
  {
    target: 'physician',
    category: 'clinical',
    education: 'graduate',
    graduateStatus: 'graduating_this_year',
    schoolInShandong: true,
    diplomaLost: false,
    idCardLost: false,
    institutions: 1,
  },
  {
    target: 'physician',
    category: 'tcm',
    education: 'bachelor',
    upgradedFromCollege: true,
    diplomaLost: false,
    idCardLost: true,
    institutions: 2,
  },
  {
    target: 'assistant',
    category: 'clinical',
    education: 'college',
    major: 'other',
    diplomaLost: false,
    idCardLost: false,
    institutions: 1,
  },
  {
    target: 'physician',
    category: 'dental',
    education: 'college',
    holdsAssistantLicence: true,
    assistantPracticeYears: 3,
    diplomaLost: true,
    idCardLost: false,
    institutions: 1,
  },
  {
    target: 'assistant',
    category: 'public_health',
    education: 'secondary',
    major: 'health_care',
    diplomaLost: false,
    idCardLost: false,
    institutions: 1,
  },
];

/** Of every 20 dossiers: 8 waiting, 3 returned, 5 approved, 1 rejected, 3 still drafts. */
const STATES: readonly DossierState[] = [
  ...Array<DossierState>(8).fill('submitted'),
  ...Array<DossierState>(3).fill('returned'),
  ...Array<DossierState>(5).fill('approved'),
  'rejected',
  ...Array<DossierState>(3).fill('draft'),
];

/** One applicant of the mix: answers, state, submission spread over a week, a picture per required slot. */
function applicantAt(flow: Flow, i: number): Applicant {
  const userId = FIRST_USER + i * 7;
  const base = newApplicant({
    userId,
    chatId: userId,
    lang: 'zh',
    flowId: '2020-weihai',
    now: new Date('2020-03-18T01:00:00Z'),
  });
  const answers = PROFILES[i % PROFILES.length] as Applicant['answers'];
  const state = STATES[(i * 7) % STATES.length] as DossierState;
  const withAnswers: Applicant = {
    ...base,
    answers,
    ...(i % 3 === 0 && { formFill: { name: `考生${i}` } }),
  } as Applicant;
  const photos: DossierPhoto[] = [];
  for (const material of checklistOf(flow, withAnswers).materials)
    for (let k = 0; k < Math.max(1, material.photos.min); k += 1) {
      const id = `p${photos.length + 1}`;
      photos.push({
        id,
        materialId: material.id,
        fileId: `f-${userId}-${id}`,
        fileUniqueId: `u-${userId}-${id}`,
        hash: randomBytes(32).toString('hex').repeat(4),
        file: `${userId}/${id}.jpg`,
        format: 'jpeg',
        bytes: 150_000 + i,
        width: 1600,
        height: 1200,
        addedAt: '2020-03-20T01:00:00.000Z',
        // What the reader found, on some pictures: the name printed, now and then a misread ID number.
        ...(k === 0 && {
          findings: { invalidIdNumbers: i % 11 === 0 ? 1 : 0, validIdNumbers: 1, name: `考生${i}` },
        }),
      });
    }
  const submittedAt =
    state === 'draft'
      ? undefined
      : new Date(Date.parse('2020-03-18T01:00:00Z') + ((i * 7919) % 604_800) * 1000).toISOString();
  return {
    ...withAnswers,
    dossier: {
      ...base.dossier,
      state,
      photos: state === 'draft' ? photos.slice(0, 2) : photos,
      ...(submittedAt && { submittedAt }),
      ...(state === 'returned' && {
        feedback: {
          at: NOW,
          materials: [photos[0]?.materialId ?? 'id_card'],
          text: '请重新拍摄，四角完整。',
        },
      }),
    },
  } as Applicant;
}

interface StoreRun {
  readonly store: string;
  readonly url: string;
  readonly cleanup?: () => Promise<void>;
}

async function runOn(run: StoreRun, flow: Flow, dossiers: number, requests: number) {
  const store: StoreAdapters = await openAdapters(
    { storeUrl: run.url, dataDir: mkdtempSync(join(tmpdir(), 'nmle-bench-console-')), pgPoolSize: 8 },
    { onCorrupt: () => undefined },
  );
  try {
    const seedStarted = performance.now();
    const all = Array.from({ length: dossiers }, (_, i) => applicantAt(flow, i));
    for (let i = 0; i < all.length; i += 16)
      await Promise.all(
        all
          .slice(i, i + 16)
          .map((a) => store.applicants.update(a.userId, () => ({ record: a, result: undefined }))),
      );
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    const clock = { now: () => new Date(NOW) };
    const deps = consoleDepsOf(store, {
      flow,
      clock,
      applicants: store.applicants,
      notifier: memoryNotifier(),
      reviewerIds: [REVIEWER],
      publicUrl: 'http://localhost:8081',
      timeZone: 'Asia/Shanghai',
      log: createLogger('silent'),
    });
    const app = createConsoleApp(deps);
    const issued = await issueSignInLink(deps, REVIEWER);
    if (!issued) throw new Error('the bench reviewer got no link');
    const signIn = await app.request(`http://localhost:8081/sign-in/${issued.token}`, { method: 'POST' });
    const cookie = signIn.headers
      .getSetCookie()
      .find((c) => c.startsWith('nmle_console='))
      ?.split(';')[0];
    if (!cookie) throw new Error(`sign-in failed with ${signIn.status}`);
    const timed = async (path: string): Promise<number> => {
      const started = performance.now();
      const response = await app.request(`http://localhost:8081${path}`, { headers: { Cookie: cookie } });
      await response.arrayBuffer();
      const ms = performance.now() - started;
      if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
      return ms;
    };
    // Filters a reviewer uses together: the waiting physicians' clinical dossiers, over 24 h, lost ID cards.
    const queuePaths = [
      '/?state=submitted&exam=physician&category=clinical&waiting=1',
      '/?state=submitted&exam=physician&special=idCardLost%3Dtrue',
      '/?state=returned&route=bachelor_physician',
      '/?state=submitted',
    ];
    const submitted = all.filter((a) => a.dossier.state === 'submitted');
    const queue: number[] = [];
    const dossier: number[] = [];
    for (let r = 0; r < 3; r += 1) await timed(queuePaths[r % queuePaths.length] as string); // warm-up
    for (let r = 0; r < requests; r += 1) {
      queue.push(await timed(queuePaths[r % queuePaths.length] as string));
      dossier.push(await timed(`/dossiers/${submitted[(r * 37) % submitted.length]?.userId}`));
    }
    let bytes = 0;
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        done();
      },
    });
    const exportStarted = performance.now();
    const summary = await writeRosterXlsx(deps, {}, sink);
    const exportSeconds = (performance.now() - exportStarted) / 1000;
    const page = (what: string, samples: number[]) => ({
      store: run.store,
      what,
      n: samples.length,
      'p50 ms': round(quantile(samples, 0.5)),
      'p95 ms': round(quantile(samples, 0.95)),
      goal: `p95 < ${GOAL_PAGE_P95_MS} ms`,
      met: quantile(samples, 0.95) < GOAL_PAGE_P95_MS ? 'yes' : 'NO',
    });
    return {
      rows: [
        page('queue page, 4 sets of filters', queue),
        page('dossier page', dossier),
        {
          store: run.store,
          what: `roster .xlsx, ${summary.rows} rows, ${round(bytes / 1e6, 1)} MB`,
          n: 1,
          'p50 ms': round(exportSeconds * 1000),
          'p95 ms': '',
          goal: `< ${GOAL_EXPORT_S} s`,
          met: exportSeconds < GOAL_EXPORT_S ? 'yes' : 'NO',
        },
      ],
      seedSeconds,
    };
  } finally {
    await store.close();
    await run.cleanup?.();
  }
}

/** A throwaway schema in the PostgreSQL at `base`, dropped after the run. */
async function postgresRun(base: string): Promise<StoreRun> {
  const name = `bench_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${name}`);
  await admin.end();
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${name}`);
  return {
    store: 'PostgreSQL',
    url: url.toString(),
    async cleanup() {
      const client = new pg.Client({ connectionString: base });
      await client.connect();
      await client.query(`DROP SCHEMA ${name} CASCADE`);
      await client.end();
    },
  };
}

export async function benchConsole(dossiers = 10_000, requests = 50): Promise<Record<string, unknown>> {
  const flow = await loadCurrentFlow();
  const runs: StoreRun[] = [
    {
      store: 'SQLite',
      url: `sqlite://${join(mkdtempSync(join(tmpdir(), 'nmle-bench-console-')), 'nmle.sqlite')}`,
    },
  ];
  const postgresUrl = process.env.BENCH_POSTGRES_URL?.trim() || process.env.TEST_POSTGRES_URL?.trim();
  if (postgresUrl) runs.push(await postgresRun(postgresUrl));
  else console.log('PostgreSQL skipped: set BENCH_POSTGRES_URL or TEST_POSTGRES_URL to measure it too');
  const rows: Record<string, string | number>[] = [];
  for (const run of runs) {
    const result = await runOn(run, flow, dossiers, requests);
    console.log(`${run.store}: ${dossiers} dossiers stored in ${round(result.seedSeconds, 1)} s`);
    rows.push(...result.rows);
  }
  printTable(
    `The web console with ${dossiers} dossiers: server time in process, ${requests} requests per page, signed in`,
    rows,
  );
  return { rows };
}
