import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type TestBotApiEmulator as BotApiEmulator,
  createTestBotApiEmulator,
  type TestBotApiEmulatorOptions,
} from '../../src/emulator/testing/test-bot-api-emulator.js';
import { REPO_ROOT } from './cli.js';

export interface BotProcess {
  readonly pid: number;
  /** Everything the process wrote to stderr so far (its JSON log lines). */
  readonly stderr: () => string;
  /** Sends a signal and resolves with the exit code once the process has ended. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

const READY_TIMEOUT_MS = 20_000;

/**
 * The node arguments of `npm start`, read from package.json so tests and benchmarks run the bot exactly as
 * production does (e.g. `--max-semi-space-size`, which cuts garbage collection on the update path by ~25 %).
 */
function startScriptArgs(): { nodeArgs: string[]; entry: string } {
  const { scripts } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
    scripts: { start: string };
  };
  const words = scripts.start.split(/\s+/).slice(1);
  return { nodeArgs: words.slice(0, -1), entry: words.at(-1) ?? 'src/main.ts' };
}

/** Starts `npm start`'s entry as its own process, as production does, and resolves once it logs "ready". */
export function startBotProcess(
  env: Record<string, string>,
  entry?: string,
  extraNodeArgs: readonly string[] = [],
): Promise<BotProcess> {
  const start = startScriptArgs();
  const child: ChildProcess = spawn(
    process.execPath,
    [...extraNodeArgs, ...start.nodeArgs, entry ?? start.entry],
    {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  // A test run or benchmark that dies must not leave bots polling behind it.
  const killChild = () => child.kill('SIGKILL');
  process.once('exit', killChild);
  let stderr = '';
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      process.off('exit', killChild);
      resolve(code);
    }),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${entry ?? start.entry} not ready in ${READY_TIMEOUT_MS} ms:\n${stderr}`)),
      READY_TIMEOUT_MS,
    );
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes('"msg":"ready')) {
        clearTimeout(timer);
        resolve({
          pid: child.pid ?? 0,
          stderr: () => stderr,
          stop: async (signal = 'SIGTERM') => {
            if (child.exitCode === null && child.signalCode === null) child.kill(signal);
            return exited;
          },
        });
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`bot exited (${code}) before it was ready:\n${stderr}`));
    });
  });
}

export interface BotHarness {
  readonly emulator: BotApiEmulator;
  readonly dataDir: string;
  bot: BotProcess;
  /** Stops the bot (SIGTERM, or SIGKILL to simulate a crash) and starts it again on the same data. */
  restart(signal?: NodeJS.Signals): Promise<void>;
  close(): Promise<void>;
}

/** A local Bot API emulator and the real bot process talking to it through HTTP, on a fresh data dir. */
export async function startBotHarness(
  env: Record<string, string> = {},
  emulatorOptions: TestBotApiEmulatorOptions = {},
): Promise<BotHarness> {
  const emulator = createTestBotApiEmulator(emulatorOptions);
  const { apiRoot } = await emulator.start();
  const dataDir = mkdtempSync(join(tmpdir(), 'nmle-e2e-'));
  // The document reader (tesseract, in the background) only where a test asks for it: it is advisory, and
  // reading every picture of every e2e test would only load the machine.
  const fullEnv = {
    BOT_TOKEN: emulator.botToken,
    TELEGRAM_API_ROOT: apiRoot,
    DATA_DIR: dataDir,
    DOCUMENT_READER: 'off',
    ...env,
  };
  const harness: BotHarness = {
    emulator,
    dataDir,
    bot: await startBotProcess(fullEnv),
    async restart(signal = 'SIGTERM') {
      await harness.bot.stop(signal);
      harness.bot = await startBotProcess(fullEnv);
    },
    async close() {
      await harness.bot.stop();
      await emulator.stop();
    },
  };
  return harness;
}
