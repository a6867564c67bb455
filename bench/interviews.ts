// Complete interviews of simulated applicants through the local Bot API emulator, beside a bare telegraf
// echo bot driven the same way in the same run. Both bots are real processes; the emulator and the
// simulated applicants run here.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createBotApiEmulator } from '../src/emulator/bot-api-emulator.js';
import type { Message } from '../src/emulator/bot-api-types.js';
import type { SimulatedUser } from '../src/emulator/simulated-user.js';
import { type BotProcess, startBotProcess } from '../test/helpers/bot-process.js';
import { freePort } from '../test/helpers/playground-process.js';
import { createTestSchema } from '../test/helpers/postgres.js';
import { printTable, quantile, round } from './stats.js';

/** A 专升本 bachelor's whole interview: /start, then buttons and one typed number. */
export const INTERVIEW: readonly (string | number)[] = ['执业医师', '临床', '本科', '是', '否', '否', 1];
const UPDATES_PER_APPLICANT = INTERVIEW.length + 1;
export const NEXT = /第 \d+ 题|[✅❌] /;

interface RunResult {
  readonly updates: number;
  readonly seconds: number;
  readonly latenciesMs: number[];
  /** CPU time of the bot process, and of this process (emulator and simulated users), over the run. */
  readonly botCpuMs: number;
  readonly harnessCpuMs: number;
}

/** CPU time (user + system) a process has used so far, from /proc (Linux). */
function processCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
}
const CLOCK_TICKS_PER_SECOND = 100;

function harnessCpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/**
 * Drives `applicants` simulated users at once against a bot process, each running `steps` in order; a step
 * acts, then waits for the bot's answer. Measures throughput, step latency and both sides' CPU.
 */
async function measure(
  bot: BotProcess,
  users: readonly SimulatedUser[],
  steps: readonly Step[],
): Promise<RunResult> {
  const latenciesMs: number[] = [];
  const started = performance.now();
  const botCpuBefore = processCpuMs(bot.pid);
  const harnessCpuBefore = harnessCpuMs();
  await Promise.all(
    users.map(async (user) => {
      for (const step of steps) {
        const stepStarted = performance.now();
        await step.act(user);
        await user.waitForMessage(step.answered, { timeoutMs: 120_000 });
        latenciesMs.push(performance.now() - stepStarted);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return {
    updates: users.length * steps.length,
    seconds,
    latenciesMs,
    botCpuMs: processCpuMs(bot.pid) - botCpuBefore,
    harnessCpuMs: harnessCpuMs() - harnessCpuBefore,
  };
}

interface Step {
  act(user: SimulatedUser): Promise<unknown>;
  answered(message: Message): boolean;
}

/** How a bot gets its updates: long polling, or webhook mode on a free local port. */
type Mode = { readonly webhook: false } | { readonly webhook: true; readonly webhookReply?: boolean };

/** The environment that puts a bot in webhook mode on a free port (the emulator posts to it). */
async function webhookEnv(): Promise<Record<string, string>> {
  const port = await freePort();
  return {
    WEBHOOK_URL: `http://127.0.0.1:${port}/telegram/updates`,
    WEBHOOK_SECRET: 'bench-webhook-secret',
    WEBHOOK_PORT: String(port),
  };
}

async function runInterviews(applicants: number, mode: Mode, storeUrl?: string): Promise<RunResult> {
  const emulator = createBotApiEmulator();
  const { apiRoot } = await emulator.start();
  const bot = await startBotProcess(
    {
      BOT_TOKEN: emulator.botToken,
      TELEGRAM_API_ROOT: apiRoot,
      DATA_DIR: mkdtempSync(join(tmpdir(), 'nmle-bench-')),
      LOG_LEVEL: 'info',
      NMLE_CLOCK: '2020-03-25T09:00:00+08:00',
      DOCUMENT_READER: 'off',
      ...(storeUrl && { STORE_URL: storeUrl }),
      ...(mode.webhook && (await webhookEnv())),
    },
    undefined,
    // BENCH_PROFILE_DIR: where the bot under test writes its V8 CPU profile (webhook mode), to see where it spends.
    process.env.BENCH_PROFILE_DIR && mode.webhook
      ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`]
      : [],
  );
  const answered = (m: Message) => NEXT.test(m.text ?? '');
  const steps: Step[] = [
    { act: (user) => user.sendText('/start'), answered },
    ...INTERVIEW.map((answer) => ({
      act: (user: SimulatedUser) =>
        typeof answer === 'number' ? user.sendText(String(answer)) : user.pressButton(answer),
      answered,
    })),
  ];
  const users = Array.from({ length: applicants }, () => emulator.createUser());
  const result = await measure(bot, users, steps);
  await bot.stop();
  await emulator.stop();
  return result;
}

async function runEcho(applicants: number, mode: Mode): Promise<RunResult> {
  const emulator = createBotApiEmulator();
  const { apiRoot } = await emulator.start();
  const bot = await startBotProcess(
    {
      BOT_TOKEN: emulator.botToken,
      TELEGRAM_API_ROOT: apiRoot,
      ...(mode.webhook && (await webhookEnv())),
      ...(mode.webhook && mode.webhookReply === false && { ECHO_WEBHOOK_REPLY: 'off' }),
    },
    'bench/echo-bot.ts',
  );
  const steps: Step[] = Array.from({ length: UPDATES_PER_APPLICANT }, (_, i) => ({
    act: (user: SimulatedUser) => user.sendText(`echo ${i}`),
    answered: (m: Message) => m.text === `echo ${i}`,
  }));
  const users = Array.from({ length: applicants }, () => emulator.createUser());
  const result = await measure(bot, users, steps);
  await bot.stop();
  await emulator.stop();
  return result;
}

function row(name: string, r: RunResult) {
  return {
    bot: name,
    updates: r.updates,
    seconds: round(r.seconds, 2),
    'updates/s': Math.round(r.updates / r.seconds),
    'p50 ms': round(quantile(r.latenciesMs, 0.5)),
    'p99 ms': round(quantile(r.latenciesMs, 0.99)),
    'bot CPU µs/update': Math.round((r.botCpuMs * 1000) / r.updates),
    'emulator+users CPU µs/update': Math.round((r.harnessCpuMs * 1000) / r.updates),
  };
}

const throughput = (r: RunResult) => r.updates / r.seconds;

/**
 * Runs the echo bot and the interview by long polling on SQLite, then, when a PostgreSQL is given
 * (BENCH_POSTGRES_URL or TEST_POSTGRES_URL), both in webhook mode with the bot on PostgreSQL; prints updates
 * per second, latency percentiles and the ratios.
 */
export async function benchInterviews(applicants = 1000): Promise<Record<string, unknown>> {
  const echo = await runEcho(applicants, { webhook: false });
  const interviews = await runInterviews(applicants, { webhook: false });
  const ratio = throughput(interviews) / throughput(echo);
  const rows = [
    row('bare telegraf echo, polling', echo),
    row('nmle-assistant, polling + SQLite', interviews),
  ];
  const figures: Record<string, unknown> = {
    echo: row('echo', echo),
    interviews: row('interviews', interviews),
    ratio: round(ratio, 2),
  };
  const postgres = process.env.BENCH_POSTGRES_URL ?? process.env.TEST_POSTGRES_URL;
  let webhookRatio: number | undefined;
  let ownCallsRatio: number | undefined;
  if (postgres) {
    const schema = await createTestSchema(postgres);
    try {
      const echoHook = await runEcho(applicants, { webhook: true });
      const echoOwnCalls = await runEcho(applicants, { webhook: true, webhookReply: false });
      const hook = await runInterviews(applicants, { webhook: true }, schema.url);
      webhookRatio = throughput(hook) / throughput(echoHook);
      ownCallsRatio = throughput(hook) / throughput(echoOwnCalls);
      rows.push(
        row('bare telegraf echo, webhook (reply in the answer)', echoHook),
        row('bare telegraf echo, webhook (reply as its own call)', echoOwnCalls),
        row('nmle-assistant, webhook + PostgreSQL', hook),
      );
      Object.assign(figures, {
        echoWebhook: row('echo', echoHook),
        echoWebhookOwnCalls: row('echo', echoOwnCalls),
        webhookPostgres: row('interviews', hook),
      });
      figures.webhookRatio = round(webhookRatio, 2);
      figures.webhookOwnCallsRatio = round(ownCallsRatio, 2);
    } finally {
      await schema.drop();
    }
  }
  printTable(
    `Complete interviews of ${applicants} applicants (${UPDATES_PER_APPLICANT} updates each), real bot processes, local Bot API emulator`,
    rows,
  );
  console.log(`throughput ratio (interview / bare echo), polling + SQLite: ${round(ratio, 2)} (aim ≥ 0.5)`);
  if (webhookRatio !== undefined && ownCallsRatio !== undefined) {
    console.log(
      `throughput ratio (interview / bare echo), webhook + PostgreSQL: ${round(webhookRatio, 2)} (aim ≥ 0.5)`,
    );
    console.log(
      `  … beside the echo sending its reply as its own call, as nmle-assistant must: ${round(ownCallsRatio, 2)}`,
    );
  } else console.log('webhook + PostgreSQL: not run (set BENCH_POSTGRES_URL or TEST_POSTGRES_URL)');
  return figures;
}
