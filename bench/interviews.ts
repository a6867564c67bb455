// Complete interviews of simulated applicants through the local Bot API emulator, beside a bare telegraf
// echo bot driven the same way in the same run. Both bots are real processes; the emulator and the
// simulated applicants run here.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createBotApiEmulator } from '../src/emulator/bot-api-emulator.js';
import type { SimulatedUser } from '../src/emulator/simulated-user.js';
import { startBotProcess } from '../test/helpers/bot-process.js';
import { printTable, quantile, round } from './stats.js';

/** A 专升本 bachelor's whole interview: /start, then buttons and one typed number. */
const INTERVIEW: readonly (string | number)[] = ['执业医师', '临床', '本科', '是', '否', '否', 1];
const UPDATES_PER_APPLICANT = INTERVIEW.length + 1;
const NEXT = /第 \d+ 题|[✅❌] /;

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

async function runInterviews(applicants: number): Promise<RunResult> {
  const emulator = createBotApiEmulator();
  const { apiRoot } = await emulator.start();
  const bot = await startBotProcess({
    BOT_TOKEN: emulator.botToken,
    TELEGRAM_API_ROOT: apiRoot,
    DATA_DIR: mkdtempSync(join(tmpdir(), 'nmle-bench-')),
    LOG_LEVEL: 'info',
    NMLE_CLOCK: '2020-03-25T09:00:00+08:00',
    ...(process.env.EXPERIMENT_MEMORY ? { EXPERIMENT_MEMORY: '1' } : {}),
  });
  const latenciesMs: number[] = [];
  const step = async (user: SimulatedUser, act: () => Promise<unknown>) => {
    const started = performance.now();
    await act();
    await user.waitForMessage((m) => NEXT.test(m.text ?? ''), { timeoutMs: 120_000 });
    latenciesMs.push(performance.now() - started);
  };
  const users = Array.from({ length: applicants }, () => emulator.createUser());
  const started = performance.now();
  const botCpuBefore = processCpuMs(bot.pid);
  const harnessCpuBefore = harnessCpuMs();
  await Promise.all(
    users.map(async (user) => {
      await step(user, () => user.sendText('/start'));
      for (const answer of INTERVIEW) {
        await step(user, () =>
          typeof answer === 'number' ? user.sendText(String(answer)) : user.pressButton(answer),
        );
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const botCpuMs = processCpuMs(bot.pid) - botCpuBefore;
  const harnessCpu = harnessCpuMs() - harnessCpuBefore;
  await bot.stop();
  await emulator.stop();
  return {
    updates: applicants * UPDATES_PER_APPLICANT,
    seconds,
    latenciesMs,
    botCpuMs,
    harnessCpuMs: harnessCpu,
  };
}

async function runEcho(applicants: number): Promise<RunResult> {
  const emulator = createBotApiEmulator();
  const { apiRoot } = await emulator.start();
  const bot = await startBotProcess(
    { BOT_TOKEN: emulator.botToken, TELEGRAM_API_ROOT: apiRoot },
    'bench/echo-bot.ts',
  );
  const latenciesMs: number[] = [];
  const users = Array.from({ length: applicants }, () => emulator.createUser());
  const started = performance.now();
  const botCpuBefore = processCpuMs(bot.pid);
  const harnessCpuBefore = harnessCpuMs();
  await Promise.all(
    users.map(async (user) => {
      for (let i = 0; i < UPDATES_PER_APPLICANT; i += 1) {
        const sentAt = performance.now();
        await user.sendText(`echo ${i}`);
        await user.waitForMessage((m) => m.text === `echo ${i}`, { timeoutMs: 120_000 });
        latenciesMs.push(performance.now() - sentAt);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const botCpuMs = processCpuMs(bot.pid) - botCpuBefore;
  const harnessCpu = harnessCpuMs() - harnessCpuBefore;
  await bot.stop();
  await emulator.stop();
  return {
    updates: applicants * UPDATES_PER_APPLICANT,
    seconds,
    latenciesMs,
    botCpuMs,
    harnessCpuMs: harnessCpu,
  };
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

/** Runs both and prints updates per second, latency percentiles and the ratio. */
export async function benchInterviews(applicants = 1000): Promise<Record<string, unknown>> {
  const echo = await runEcho(applicants);
  const interviews = await runInterviews(applicants);
  const ratio = interviews.updates / interviews.seconds / (echo.updates / echo.seconds);
  printTable(
    `Complete interviews of ${applicants} applicants (${UPDATES_PER_APPLICANT} updates each), real bot processes, local Bot API emulator`,
    [row('bare telegraf echo', echo), row('nmle-assistant interview', interviews)],
  );
  console.log(`throughput ratio (interview / bare echo): ${round(ratio, 2)} (aim ≥ 0.5)`);
  return { echo: row('echo', echo), interviews: row('interviews', interviews), ratio: round(ratio, 2) };
}
