// A reminder pass to many applicants through the local Bot API emulator, sent by the real bot process, while
// other applicants take the interview: achieved messages per second against the outbox's limit, 429s,
// duplicates, and the interview's latency during the pass beside the same load on an idle bot.
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { SimulatedUser } from '../src/emulator/simulated-user.js';
import {
  type TestBotApiEmulator as BotApiEmulator,
  createTestBotApiEmulator,
} from '../src/emulator/testing/test-bot-api-emulator.js';
import { DEFAULT_OUTBOX_LIMITS } from '../src/outbox/outbox-limits.js';
import { openStore } from '../src/storage/open-store.js';
import { createOutboxStore } from '../src/storage/outbox-store.js';
import { applicantOf, seedApplicants, tempDataDir } from '../test/helpers/applicants.js';
import { startBotProcess } from '../test/helpers/bot-process.js';
import { maxInWindow, millisecondDates } from '../test/helpers/send-times.js';
import { INTERVIEW, NEXT } from './interviews.js';
import { printTable, quantile, round } from './stats.js';

/** In the window, after the daily reminder time: the bot's pass at start-up finds every applicant due. */
const DUE_CLOCK = '2020-03-25T10:05:00+08:00';
/** At night: the idle bot's pass finds nothing. */
const NIGHT_CLOCK = '2020-03-25T23:05:00+08:00';
/** Applicants taking the interview at once, each starting a new one when done. */
const INTERVIEWERS = 20;
/**
 * Between an answer and the next question an applicant reads. Without it 10 applicants drove ~1,500 updates
 * a second and the harness itself (the emulator's clock of arrivals) stalled under the garbage of 80,000
 * simulated users, which is not what is measured here.
 */
const THINK_MS = 200;
const IDLE_SECONDS = 15;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface InterviewLoad {
  readonly latenciesMs: number[];
  readonly interviews: number;
}

/** Keeps `INTERVIEWERS` interviews going, each a new applicant, until `until` resolves. */
async function interviewsUntil(emulator: BotApiEmulator, until: Promise<unknown>): Promise<InterviewLoad> {
  const latenciesMs: number[] = [];
  let done = false;
  let interviews = 0;
  void until.then(() => {
    done = true;
  });
  const step = async (user: SimulatedUser, act: () => Promise<unknown>) => {
    const started = performance.now();
    await act();
    await user.waitForMessage((m) => NEXT.test(m.text ?? ''), { timeoutMs: 60_000 });
    latenciesMs.push(performance.now() - started);
    await sleep(THINK_MS);
  };
  await Promise.all(
    Array.from({ length: INTERVIEWERS }, async () => {
      while (!done) {
        const user = emulator.createUser();
        await step(user, () => user.sendText('/start'));
        for (const answer of INTERVIEW) {
          if (done) break;
          await step(user, () =>
            typeof answer === 'number' ? user.sendText(String(answer)) : user.pressButton(answer),
          );
        }
        interviews += 1;
      }
    }),
  );
  return { latenciesMs, interviews };
}

/** The pino `time` (ms) of the first log line whose message starts with `msg`. */
function logTime(stderr: string, msg: string): number | undefined {
  for (const line of stderr.split('\n')) {
    if (!line.includes(`"msg":"${msg}`)) continue;
    return (JSON.parse(line) as { time?: number }).time;
  }
  return undefined;
}

async function idleRun(): Promise<InterviewLoad> {
  const emulator = createTestBotApiEmulator();
  const { apiRoot } = await emulator.start();
  const bot = await startBotProcess({
    BOT_TOKEN: emulator.botToken,
    TELEGRAM_API_ROOT: apiRoot,
    DATA_DIR: tempDataDir().dataDir,
    NMLE_CLOCK: NIGHT_CLOCK,
  });
  const load = await interviewsUntil(emulator, sleep(IDLE_SECONDS * 1000));
  await bot.stop();
  await emulator.stop();
  return load;
}

interface PassRun {
  readonly load: InterviewLoad;
  readonly sendSeconds: number;
  readonly passMs: number | undefined;
  readonly maxPerSecond: number;
  readonly maxPerChatPerSecond: number;
  readonly rateLimited: number;
  readonly duplicates: number;
  readonly missing: number;
  readonly recordedSent: number;
}

async function passRun(applicants: number): Promise<PassRun> {
  const emulator = createTestBotApiEmulator({ clock: millisecondDates });
  const { apiRoot } = await emulator.start();
  const { dataDir, storeUrl } = tempDataDir();
  const users = Array.from({ length: applicants }, () => emulator.createUser());
  await seedApplicants(
    storeUrl,
    users.map((u) => applicantOf(u.id)),
  );
  // Event-driven, not polled: scanning 10,000 chats would stall the emulator and bunch its arrival times.
  const allReminded = Promise.all(users.map((u) => u.waitForMessage(undefined, { timeoutMs: 30 * 60_000 })));
  const bot = await startBotProcess({
    BOT_TOKEN: emulator.botToken,
    TELEGRAM_API_ROOT: apiRoot,
    DATA_DIR: dataDir,
    NMLE_CLOCK: DUE_CLOCK,
  });
  const load = await interviewsUntil(emulator, allReminded);
  await allReminded;
  // Anything sent twice would go out within the next seconds (a retry, a second pass): wait for it.
  await sleep(3000);
  const stderr = bot.stderr();
  await bot.stop();
  await emulator.stop();

  const arrivals = users.flatMap((u) => u.messages().map((m) => m.date)).sort((a, b) => a - b);
  const perChat = users.map((u) =>
    maxInWindow(
      u.messages().map((m) => m.date),
      1000,
    ),
  );
  const store = await openStore(storeUrl);
  const counts = await createOutboxStore(store.keyv, {
    onCorrupt: (error) => {
      throw error;
    },
  }).countByState();
  await store.close();
  const ready = logTime(stderr, 'ready');
  const passLogged = logTime(stderr, 'reminder pass');
  return {
    load,
    sendSeconds: ((arrivals.at(-1) ?? 0) - (arrivals[0] ?? 0)) / 1000,
    passMs: ready !== undefined && passLogged !== undefined ? passLogged - ready : undefined,
    maxPerSecond: maxInWindow(arrivals, 1000),
    maxPerChatPerSecond: Math.max(...perChat),
    rateLimited: emulator.stats().errors.sendMessage ?? 0,
    duplicates: users.reduce((sum, u) => sum + Math.max(0, u.messages().length - 1), 0),
    missing: users.filter((u) => u.messages().length === 0).length,
    recordedSent: counts.sent,
  };
}

/** Runs an idle baseline and the pass, and prints the figures. */
export async function benchReminders(applicants = 10_000): Promise<Record<string, unknown>> {
  const limit = DEFAULT_OUTBOX_LIMITS.messagesPerSecond;
  console.log(
    `\nreminders: ${applicants} applicants at ${limit}/s take about ${Math.ceil(applicants / limit)} s (${availableParallelism()} CPUs)…`,
  );
  const idle = await idleRun();
  const pass = await passRun(applicants);
  const achieved = applicants / Math.max(pass.sendSeconds, 1 / limit);
  const interviewRow = (name: string, load: InterviewLoad) => ({
    bot: name,
    interviews: load.interviews,
    steps: load.latenciesMs.length,
    'p50 ms': round(quantile(load.latenciesMs, 0.5)),
    'p99 ms': round(quantile(load.latenciesMs, 0.99)),
    'max ms': round(quantile(load.latenciesMs, 1)),
  });
  printTable(
    `Reminder pass to ${applicants} applicants through the local Bot API emulator, real bot process`,
    [
      {
        'messages/s': round(achieved, 1),
        'limit/s': limit,
        'max in any 1 s': pass.maxPerSecond,
        'max per chat in 1 s': pass.maxPerChatPerSecond,
        '429s (goal 0)': pass.rateLimited,
        'duplicates (goal 0)': pass.duplicates,
        'not delivered': pass.missing,
        'recorded sent': pass.recordedSent,
        // A cron tick during the pass also reminds the interviewing applicants (in the store by then).
        'to interviewers (cron tick)': pass.recordedSent - (applicants - pass.missing),
        'pass (load+record) ms': pass.passMs ?? '?',
      },
    ],
  );
  printTable(
    `Interview steps of ${INTERVIEWERS} concurrent applicants (${THINK_MS} ms to read each answer), idle bot vs. during the pass`,
    [interviewRow('idle', idle), interviewRow('during the pass', pass.load)],
  );
  return {
    messagesPerSecond: round(achieved, 1),
    limit,
    maxPerSecond: pass.maxPerSecond,
    rateLimited: pass.rateLimited,
    duplicates: pass.duplicates,
    p99IdleMs: round(quantile(idle.latenciesMs, 0.99)),
    p99DuringPassMs: round(quantile(pass.load.latenciesMs, 0.99)),
  };
}
