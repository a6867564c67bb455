import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Telegram } from 'telegraf';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PictureJob, PictureJobRun, WorkQueue } from '../../src/app/ports/work-queue.js';
import type { BotDeps } from '../../src/bot/bot-deps.js';
import { pictureJobHandler } from '../../src/bot/photo-intake.js';
import { t } from '../../src/bot/render.js';
import type { Flow } from '../../src/domain/flow.js';
import { pdfFormPrinter } from '../../src/forms/form-printer.js';
import { createLogger } from '../../src/log.js';
import { openAdapters, type PictureQueue, type StoreAdapters } from '../../src/storage/open-adapters.js';
import {
  openPostgresPictureQueue,
  pictureQueueConnection,
} from '../../src/storage/postgres/postgres-picture-queue.js';
import { fakeInspector, IN_WINDOW } from '../app/use-case-fixtures.js';
import { applicantOf, ELIGIBLE_ANSWERS } from '../helpers/applicants.js';
import { loadCurrentFlow } from '../helpers/flow.js';
import { memoryNotifier } from '../helpers/memory-ports.js';
import { createTestSchema, describeWithPostgres, type TestSchema } from '../helpers/postgres.js';
import { waitUntil } from '../helpers/wait-until.js';

const USER = 4242;

describe('the picture queue connection', () => {
  it("puts the queue's objects in a schema beside the pinned one, and takes the pin off the URL", () => {
    const pinned = pictureQueueConnection(
      'postgres://u:p@db:5432/nmle?options=-c%20search_path%3Dtest_ab12%20-c%20statement_timeout%3D5000',
    );
    expect(pinned).toEqual({
      connectionString: 'postgres://u:p@db:5432/nmle',
      schema: 'test_ab12_jobs',
      options: '-c statement_timeout=5000',
    });
    expect(pictureQueueConnection('postgres://u:p@db/nmle')).toEqual({
      connectionString: 'postgres://u:p@db/nmle',
      schema: 'bullmq',
    });
  });
});

/** Serves each file's bytes at /<file id>, as Telegram's file links do. */
async function serveFiles(files: Map<string, Uint8Array>): Promise<{ server: Server; root: string }> {
  const server = createServer((request, response) => {
    const bytes = files.get((request.url ?? '').slice(1));
    if (!bytes) return void response.writeHead(404).end();
    response.writeHead(200, { 'Content-Length': bytes.byteLength }).end(Buffer.from(bytes));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, root: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** An instance: its own adapters (its own pools) on the one schema, and its queue with the bot's handler. */
interface Instance {
  readonly adapters: StoreAdapters;
  readonly queue: PictureQueue;
  /** The jobs this instance finished running (a run that threw is not here). */
  readonly finished: PictureJob[];
}

describeWithPostgres('picture jobs on the shared queue (BullMQ on PostgreSQL)', () => {
  let flow: Flow;
  let schema: TestSchema;
  let files: Map<string, Uint8Array>;
  let fileServer: { server: Server; root: string };
  let sent: { chatId: number; html: string }[];
  let instances: Instance[];

  beforeAll(async () => {
    flow = await loadCurrentFlow();
  });

  beforeEach(async () => {
    schema = await createTestSchema();
    files = new Map();
    fileServer = await serveFiles(files);
    sent = [];
    instances = [];
  });

  afterEach(async () => {
    for (const instance of instances) {
      await instance.queue.drain();
      await instance.adapters.close();
    }
    await new Promise((resolve) => fileServer.server.close(resolve));
    await schema.admin.query(`DROP SCHEMA IF EXISTS ${schema.name}_jobs CASCADE`);
    await schema.drop();
  });

  /** Opens an instance as start-bot does: adapters on STORE_URL, the queue, the picture handler. */
  async function startInstance(beforeRun: () => Promise<void>): Promise<Instance> {
    const adapters = await openAdapters(
      { storeUrl: schema.url, dataDir: '/nonexistent', pgPoolSize: 4 },
      { onCorrupt: () => undefined },
    );
    const queue = await adapters.openPictureQueue(() => undefined);
    const telegram = {
      getFileLink: async (fileId: string) => new URL(`${fileServer.root}/${fileId}`),
      sendMessage: async (chatId: number, html: string) => {
        sent.push({ chatId, html });
        return {};
      },
    } as unknown as Telegram;
    const deps: BotDeps = {
      flow,
      applicants: adapters.applicants,
      clock: { now: () => IN_WINDOW },
      log: createLogger('silent'),
      reviewerIds: [],
      inspector: fakeInspector(),
      pictures: adapters.pictures,
      notifier: memoryNotifier(),
      reviewers: adapters.reviewers,
      printer: pdfFormPrinter,
    };
    const handle = pictureJobHandler(deps, telegram);
    const finished: PictureJob[] = [];
    queue.process(async (job: PictureJob, run: PictureJobRun) => {
      await beforeRun();
      await handle(job, run);
      finished.push(job);
    });
    const instance = { adapters, queue, finished };
    instances.push(instance);
    return instance;
  }

  /** The picture `n` of an album of ID card pictures, its bytes ready to download. */
  function albumPicture(n: number): PictureJob {
    files.set(`file-${n}`, new Uint8Array([1, n, 7, 7, n]));
    return {
      updateId: 900 + n,
      userId: USER,
      chatId: USER,
      materialId: 'identity',
      fileId: `file-${n}`,
      fileUniqueId: `unique-${n}`,
      mediaGroupId: 'album-1',
    };
  }

  const jobRows = async () =>
    (await schema.admin.query(`SELECT id FROM ${schema.name}_jobs.job ORDER BY id`)).rows.map(
      (row: { id: string }) => row.id,
    );

  it("counts each picture of one album once when two instances take its jobs, and queues a re-delivered update's job once", async () => {
    // Every job waits until four run at once: with two jobs at a time per instance, each instance holds two,
    // and the four count their pictures together, on two pools.
    let running = 0;
    let allRunning = () => {};
    const together = new Promise<void>((resolve) => {
      allRunning = resolve;
    });
    const beforeRun = async () => {
      running += 1;
      if (running === 4) allRunning();
      await together;
    };
    const a = await startInstance(beforeRun);
    const b = await startInstance(beforeRun);
    await a.adapters.applicants.update(USER, () => ({
      record: applicantOf(USER, { answers: ELIGIBLE_ANSWERS }),
      result: undefined,
    }));
    // Four pictures for the ID card, which takes three: the album's updates reach either instance, and the
    // second picture's update is delivered twice (once to each).
    const album = [1, 2, 3, 4].map(albumPicture);
    await Promise.all([
      a.queue.push(album[0] as PictureJob),
      b.queue.push(album[1] as PictureJob),
      a.queue.push(album[1] as PictureJob),
      b.queue.push(album[2] as PictureJob),
      a.queue.push(album[3] as PictureJob),
    ]);
    await waitUntil('every job of the album ran', () => a.finished.length + b.finished.length >= 4);
    await waitUntil('no job is waiting or running', async () => {
      const { rows } = await schema.admin.query(
        `SELECT count(*)::int AS n FROM ${schema.name}_jobs.job WHERE state NOT IN ('completed', 'failed')`,
      );
      return rows[0].n === 0;
    });

    expect(await jobRows()).toEqual(['901-unique-1', '902-unique-2', '903-unique-3', '904-unique-4']);
    const ran = [...a.finished, ...b.finished].map((job) => job.updateId).sort();
    expect(ran).toEqual([901, 902, 903, 904]);
    expect([a.finished.length, b.finished.length]).toEqual([2, 2]);
    // Delivered again after its job finished: the finished job keeps its name, so nothing is queued.
    await b.queue.push(album[0] as PictureJob);
    const states = await schema.admin.query(`SELECT DISTINCT state::text FROM ${schema.name}_jobs.job`);
    expect(states.rows).toEqual([{ state: 'completed' }]);
    expect(await jobRows()).toHaveLength(4);

    const stored = (await a.adapters.applicants.get(USER))?.dossier.photos ?? [];
    const identity = stored.filter((p) => p.materialId === 'identity');
    expect(identity).toHaveLength(3);
    expect(new Set(identity.map((p) => p.fileUniqueId)).size).toBe(3);
    const rows = await schema.admin.query('SELECT count(*)::int AS n FROM pictures');
    expect(rows.rows[0].n).toBe(3);
    // Three taken, one refused because the ID card had its three; no picture taken for a resend or failed.
    const title = flow.materials.identity?.title.zh ?? '';
    const refusedFull = t(flow, 'materialFull', 'zh', { title, max: 3 });
    expect(sent.filter((m) => m.html === refusedFull)).toHaveLength(1);
    const never = [t(flow, 'duplicatePhoto', 'zh'), t(flow, 'photoProcessingFailed', 'zh')];
    expect(sent.filter((m) => never.includes(m.html))).toEqual([]);
  });
});

describeWithPostgres('a picture job whose instance dies (BullMQ on PostgreSQL)', () => {
  let schema: TestSchema;
  let queue: WorkQueue | undefined;
  let child: ChildProcess | undefined;

  beforeEach(async () => {
    schema = await createTestSchema();
  });

  afterEach(async () => {
    child?.kill('SIGKILL');
    await queue?.drain();
    await schema.admin.query(`DROP SCHEMA IF EXISTS ${schema.name}_jobs CASCADE`);
    await schema.drop();
  });

  it('tries a failed attempt again, telling the handler which attempt is the last', async () => {
    const runs: PictureJobRun[] = [];
    queue = await openPostgresPictureQueue({
      url: schema.url,
      attempts: 2,
      backoffMs: 10,
      onError: () => undefined,
    });
    queue.process(async (_job, run) => {
      runs.push(run);
      if (!run.finalAttempt) throw new Error('the download timed out');
    });
    await queue.push({
      updateId: 5,
      userId: USER,
      chatId: USER,
      materialId: 'identity',
      fileId: 'f',
      fileUniqueId: 'u',
    });
    await waitUntil('the job is marked done', async () => {
      const { rows } = await schema.admin.query(`SELECT state FROM ${schema.name}_jobs.job`);
      return rows.length === 1 && rows[0].state === 'completed';
    });
    expect(runs).toEqual([{ finalAttempt: false }, { finalAttempt: true }]);
  });

  it('is taken over by another instance once the dead one stops renewing its lock, and runs there once', async () => {
    const job: PictureJob = {
      updateId: 77,
      userId: USER,
      chatId: USER,
      materialId: 'identity',
      fileId: 'file-77',
      fileUniqueId: 'unique-77',
    };
    // This instance queues the job; it takes jobs only once the other has the job and has died.
    queue = await openPostgresPictureQueue({
      url: schema.url,
      stalledIntervalMs: 300,
      onError: () => undefined,
    });
    await queue.push(job);
    const hanging = spawn(
      process.execPath,
      ['--import', 'tsx', 'test/storage/fixtures/picture-worker-that-hangs.ts'],
      {
        env: { ...process.env, STORE_URL: schema.url, LOCK_MS: '600' },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    child = hanging;
    let out = '';
    hanging.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    await waitUntil('the other instance took the job', () => out.includes('took 77'), { timeoutMs: 20_000 });
    const died = new Promise((resolve) => hanging.once('exit', resolve));
    hanging.kill('SIGKILL');
    await died;

    const ran: PictureJob[] = [];
    queue.process(async (taken) => {
      ran.push(taken);
    });
    await waitUntil('this instance ran the job', () => ran.length > 0, { timeoutMs: 20_000 });
    await waitUntil('the job is marked done', async () => {
      const { rows } = await schema.admin.query(`SELECT state FROM ${schema.name}_jobs.job`);
      return rows.length === 1 && rows[0].state === 'completed';
    });
    expect(ran).toEqual([job]);
  });
});
