import { createPostgresBackend, type Job, withBackend } from 'bullmq';
import {
  type PictureJob,
  type PictureJobHandler,
  pictureJobId,
  type WorkQueue,
} from '../../app/ports/work-queue.js';

/** The queue's name inside its schema. */
const QUEUE_NAME = 'pictures';
const DAY_SECONDS = 24 * 60 * 60;
// Bound to the PostgreSQL backend, so that the job's type can be given (the docs' way for typed jobs).
const { Queue, Worker } = withBackend(createPostgresBackend);

export interface PostgresPictureQueueOptions {
  /** STORE_URL: the queue's tables go in their own schema of the same database ({@link pictureQueueConnection}). */
  readonly url: string;
  /** Jobs this instance runs at once. Default 2: a check takes a core for ~100 ms, and the bot needs the other. */
  readonly concurrency?: number;
  /** Attempts per job, a second apart at first and doubling. Default 5. */
  readonly attempts?: number;
  readonly backoffMs?: number;
  /**
   * How long a running job stays this instance's without a renewal (renewed at half of it): an instance that
   * died holds its jobs this long, then another instance's stalled check takes them. Default 30 s.
   */
  readonly lockDurationMs?: number;
  /** How often this instance looks for jobs whose holder stopped renewing. Default 30 s. */
  readonly stalledIntervalMs?: number;
  /** Told of a failed attempt and of a connection error (the queue reconnects by itself). */
  readonly onError: (error: unknown) => void;
}

/**
 * The connection BullMQ is given for STORE_URL: the queue's objects (a `job` table, functions named `remove`,
 * `drain` …) live in a schema of their own, `bullmq`, or `<schema>_jobs` when the URL pins a schema with
 * `options=-c search_path=<schema>` (as the tests do, each in a fresh schema). The pin itself is taken off the
 * URL, where node-postgres would let it override the search_path BullMQ sets.
 */
export function pictureQueueConnection(url: string): {
  connectionString: string;
  schema: string;
  options?: string;
} {
  const parsed = new URL(url);
  const options = parsed.searchParams.get('options') ?? '';
  const pinned = /(?:^|\s)-c\s*search_path=([A-Za-z_][A-Za-z0-9_]*)/.exec(options);
  parsed.searchParams.delete('options');
  const rest = options.replace(/(?:^|\s)-c\s*search_path=\S*/, '').trim();
  return {
    connectionString: parsed.toString(),
    schema: pinned ? `${pinned[1]}_jobs` : 'bullmq',
    ...(rest && { options: rest }),
  };
}

/**
 * The shared WorkQueue: BullMQ on PostgreSQL (its `createPostgresBackend`), so that any instance on the same
 * database takes any picture job. A job is named after its update and file, so an update delivered again
 * does not queue it twice (a finished job's name is kept a day, as long as the update log keeps update ids).
 * At least once: a failed attempt is tried again with backoff, and a job whose instance died (its lock not
 * renewed) is moved back to waiting by another instance's stalled check. Jobs of one chat may run side by
 * side on different instances; the store assigns each picture its slot under the applicant's row lock.
 * @throws when the database cannot be reached or the queue's schema cannot be migrated.
 */
export async function openPostgresPictureQueue(options: PostgresPictureQueueOptions): Promise<WorkQueue> {
  const concurrency = options.concurrency ?? 2;
  const attempts = options.attempts ?? 5;
  const backoffMs = options.backoffMs ?? 1000;
  const base = pictureQueueConnection(options.url);
  // Migrations run at the first connection, under BullMQ's advisory lock, so instances may start together.
  const connection = (max: number) => ({ ...base, max, migrate: true });
  // Adds come from every update in hand (a burst of pictures: dozens at once), not one at a time.
  const queue = new Queue<PictureJob, void, string>(QUEUE_NAME, { connection: connection(8) });
  queue.on('error', options.onError);
  try {
    await queue.waitUntilReady();
  } catch (error) {
    await queue.close().catch(() => undefined);
    throw error;
  }
  let worker: InstanceType<typeof Worker<PictureJob, void, string>> | undefined;
  return {
    async push(job) {
      await queue.add(QUEUE_NAME, job, {
        jobId: pictureJobId(job),
        attempts,
        backoff: { type: 'exponential', delay: backoffMs },
        removeOnComplete: { age: DAY_SECONDS },
        removeOnFail: { age: 7 * DAY_SECONDS },
      });
    },
    process(handler: PictureJobHandler) {
      if (worker) throw new Error('the picture queue already has its handler');
      worker = new Worker<PictureJob, void, string>(
        QUEUE_NAME,
        (job: Job<PictureJob>) =>
          handler(job.data, { finalAttempt: job.attemptsMade + 1 >= (job.opts.attempts ?? 1) }),
        {
          connection: connection(concurrency + 1),
          concurrency,
          lockDuration: options.lockDurationMs ?? 30_000,
          stalledInterval: options.stalledIntervalMs ?? 30_000,
          // A job is taken back from a dead instance twice at most; a third stall marks it failed.
          maxStalledCount: 2,
        },
      );
      worker.on('error', options.onError);
      worker.on('failed', (_job, error) => options.onError(error));
    },
    async drain() {
      // Waits for the jobs running here; those still waiting stay in the table for the other instances.
      await worker?.close();
      await queue.close();
    },
  };
}
