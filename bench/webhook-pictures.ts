// Pictures in webhook mode on PostgreSQL (issue 11): how fast an instance answers Telegram's POSTs while a burst
// of pictures arrives (the slow work, downloading and checking, is queued, not done before the answer), and how
// many pictures a second one and two instances get through. Real bot processes, the local Bot API emulator
// posting updates as Telegram does; two instances sit behind deploy/'s nginx site when nginx is installed.
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { Message } from '../src/emulator/bot-api-types.js';
import type { SimulatedUser } from '../src/emulator/simulated-user.js';
import {
  createTestBotApiEmulator,
  type TestBotApiEmulator,
} from '../src/emulator/testing/test-bot-api-emulator.js';
import { type BotProcess, startBotProcess } from '../test/helpers/bot-process.js';
import { NGINX, type RunningNginx, startNginx } from '../test/helpers/nginx.js';
import { freePort } from '../test/helpers/playground-process.js';
import { createTestSchema, type TestSchema } from '../test/helpers/postgres.js';
import { asTelegramPhoto, distinctDocumentPhotos } from '../test/helpers/telegram-photos.js';
import { printTable, quantile, round } from './stats.js';

const PATH = '/telegram/updates';
const BURST = 50;
/** Applicants sending three pictures each (an album) for the throughput runs. */
const THROUGHPUT_APPLICANTS = 40;
const ANSWER = /已收到|已达上限|不接受|处理失败/;
const MENTORSHIP = ['师承和确有专长助理医师', '否', 1] as const;

interface Deployment {
  readonly emulator: TestBotApiEmulator;
  readonly instances: BotProcess[];
  close(): Promise<void>;
}

/** `count` bot instances in webhook mode on a fresh schema; two or more behind nginx. */
async function deploy(base: string, count: number): Promise<Deployment> {
  const schema: TestSchema = await createTestSchema(base);
  const emulator = createTestBotApiEmulator({ webhook: { timeScale: 1 } });
  const { apiRoot } = await emulator.start();
  const ports = await Promise.all(Array.from({ length: count }, () => freePort()));
  const nginx: RunningNginx | undefined = count > 1 ? await startNginx(ports) : undefined;
  const url = nginx ? `${nginx.base}${PATH}` : `http://127.0.0.1:${ports[0]}${PATH}`;
  const instances = await Promise.all(
    ports.map((port) =>
      startBotProcess({
        BOT_TOKEN: emulator.botToken,
        TELEGRAM_API_ROOT: apiRoot,
        STORE_URL: schema.url,
        WEBHOOK_URL: url,
        WEBHOOK_SECRET: 'bench-webhook-pictures-secret',
        WEBHOOK_PORT: String(port),
        DOCUMENT_READER: 'off',
        NMLE_CLOCK: '2020-03-25T09:00:00+08:00',
      }),
    ),
  );
  return {
    emulator,
    instances,
    async close() {
      await Promise.all(instances.map((i) => i.stop()));
      await nginx?.stop();
      await emulator.stop();
      await schema.admin.query(`DROP SCHEMA IF EXISTS ${schema.name}_jobs CASCADE`);
      await schema.drop();
    },
  };
}

const textOf = (m: Message) => m.text ?? m.caption ?? '';

/** Applicants through the shortest interview, ready to send pictures of their ID card (it takes three). */
async function readyApplicants(emulator: TestBotApiEmulator, count: number): Promise<SimulatedUser[]> {
  const users = Array.from({ length: count }, () => emulator.createUser());
  await Promise.all(
    users.map(async (user) => {
      await user.sendText('/start');
      for (const [index, answer] of MENTORSHIP.entries()) {
        const question = await user.waitForMessage((m) => textOf(m).includes(`第 ${index + 1} 题`), {
          timeoutMs: 60_000,
        });
        if (typeof answer === 'number') await user.sendText(String(answer));
        else await user.pressButton(answer, { messageId: question.message_id });
      }
      await user.waitForMessage((m) => textOf(m).includes('您符合报考条件'), { timeoutMs: 60_000 });
    }),
  );
  return users;
}

/** Waits until `user` has had `count` answers to pictures. */
async function answers(user: SimulatedUser, count: number): Promise<void> {
  for (let i = 0; i < count; i++)
    await user.waitForMessage((m) => ANSWER.test(textOf(m)), { timeoutMs: 300_000 });
}

/** 50 applicants send one picture each at once: the POSTs' answer times, and when the last picture was answered. */
async function burst(base: string) {
  const deployment = await deploy(base, 1);
  try {
    const { emulator } = deployment;
    const users = await readyApplicants(emulator, BURST);
    const [picture] = await distinctDocumentPhotos(1);
    const sizes = await asTelegramPhoto(picture as Uint8Array);
    await emulator.whenIdle({ timeoutMs: 60_000 });
    const before = emulator.webhookStats().answerTimesMs.length;
    const started = performance.now();
    await Promise.all(users.map((user) => user.sendPhoto(sizes)));
    await emulator.whenIdle({ timeoutMs: 120_000 });
    const answeredMs = performance.now() - started;
    await Promise.all(users.map((user) => answers(user, 1)));
    const allCheckedMs = performance.now() - started;
    const times = emulator.webhookStats().answerTimesMs.slice(before);
    return {
      posts: times.length,
      'p50 ms': round(quantile(times, 0.5)),
      'p99 ms': round(quantile(times, 0.99)),
      'max ms': round(Math.max(...times)),
      'all POSTs answered ms': Math.round(answeredMs),
      'all pictures answered ms': Math.round(allCheckedMs),
    };
  } finally {
    await deployment.close();
  }
}

/** Each applicant sends an album of three pictures at once; pictures a second until every one is answered. */
async function throughput(base: string, instances: number) {
  const deployment = await deploy(base, instances);
  try {
    const { emulator } = deployment;
    const users = await readyApplicants(emulator, THROUGHPUT_APPLICANTS);
    const album = await Promise.all(
      (await distinctDocumentPhotos(3)).map(async (p) => ({
        type: 'photo' as const,
        sizes: await asTelegramPhoto(p),
      })),
    );
    await emulator.whenIdle({ timeoutMs: 60_000 });
    const started = performance.now();
    await Promise.all(
      users.map(async (user) => {
        await user.sendAlbum(album);
        await answers(user, album.length);
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const pictures = users.length * album.length;
    return { instances, pictures, seconds: round(seconds, 2), 'pictures/s': round(pictures / seconds, 1) };
  } finally {
    await deployment.close();
  }
}

/**
 * Runs when a PostgreSQL is given (BENCH_POSTGRES_URL or TEST_POSTGRES_URL): the 50-picture burst on one
 * instance, then picture throughput with one instance and, when nginx is installed, with two behind it.
 */
export async function benchWebhookPictures(only = process.env.BENCH_ONLY): Promise<Record<string, unknown>> {
  const base = process.env.BENCH_POSTGRES_URL ?? process.env.TEST_POSTGRES_URL;
  if (!base) {
    console.log('\nwebhook pictures: not run (set BENCH_POSTGRES_URL or TEST_POSTGRES_URL)');
    return {};
  }
  const answered = await burst(base);
  printTable(
    `Webhook answer times, ${BURST} applicants sending a picture at once (webhook mode, PostgreSQL, one instance)`,
    [answered],
  );
  console.log(`p99 webhook answer under a ${BURST}-picture burst: ${answered['p99 ms']} ms (aim < 200 ms)`);
  if (only === 'burst') return { burst: answered };
  const one = await throughput(base, 1);
  const rows = [one];
  let two: typeof one | undefined;
  if (existsSync(NGINX)) {
    two = await throughput(base, 2);
    rows.push(two);
  }
  printTable(
    `Picture throughput, ${THROUGHPUT_APPLICANTS} applicants sending an album of three at once`,
    rows,
  );
  if (two) console.log(`two instances / one: ${round(two['pictures/s'] / one['pictures/s'], 2)}×`);
  else console.log('two instances: not run (nginx is not installed)');
  return { burst: answered, one, ...(two && { two }) };
}
