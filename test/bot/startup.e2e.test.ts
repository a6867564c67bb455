import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { commandList } from '../../src/bot/bot-commands.js';
import {
  type TestBotApiEmulator as BotApiEmulator,
  createTestBotApiEmulator,
} from '../../src/emulator/testing/test-bot-api-emulator.js';
import { ApplicantDriver } from '../helpers/applicant-driver.js';
import { type BotProcess, startBotProcess } from '../helpers/bot-process.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { loadCurrentFlow } from '../helpers/flow.js';
import { waitUntil } from '../helpers/wait-until.js';

// Each test builds its own emulator and starts the bot itself (not `startBotHarness`): the fault must be
// planned before the bot's first call.
let emulator: BotApiEmulator;
let bot: BotProcess | undefined;

afterEach(async () => {
  await bot?.stop();
  bot = undefined;
  await emulator?.stop();
});

async function startEmulator(): Promise<Record<string, string>> {
  emulator = createTestBotApiEmulator();
  const { apiRoot } = await emulator.start();
  return {
    BOT_TOKEN: emulator.botToken,
    TELEGRAM_API_ROOT: apiRoot,
    DATA_DIR: mkdtempSync(join(tmpdir(), 'nmle-e2e-')),
  };
}

/** Every applicant command, as the bot registers them. */
const MENU_LENGTH = commandList(await loadCurrentFlow(), 'zh').length;

const isMenuRegistered = () =>
  emulator.commands()?.length === MENU_LENGTH &&
  emulator.commands({ languageCode: 'zh' })?.length === MENU_LENGTH &&
  emulator.commands({ languageCode: 'en' })?.length === MENU_LENGTH;

/** Runs the bot until it exits by itself; for start-ups that must fail. */
function runBotToExit(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stderr })));
}

/** The plain lines main writes for people, as opposed to the JSON log lines. */
const plainLines = (stderr: string) => stderr.split('\n').filter((line) => line.startsWith('nmle:'));

describe('a command menu Telegram refuses at start', () => {
  it('answers /start while setMyCommands fails with 500, and registers the menu once Telegram recovers', async () => {
    const env = await startEmulator();
    emulator.failNext('setMyCommands', { errorCode: 500, count: 3 });
    bot = await startBotProcess(env);

    const applicant = new ApplicantDriver(emulator.createUser());
    await applicant.user.sendText('/start');
    await applicant.expectMessage('第 1 题');
    await waitUntil('the command menu is registered', isMenuRegistered);
    expect(bot.stderr()).toContain('"msg":"command menu not registered; retrying in the background"');
    // The emulator stores the menu a moment before the bot hears back and logs it.
    const stderr = () => bot?.stderr() ?? '';
    await waitUntil('the bot logs the menu as registered', () =>
      stderr().includes('"msg":"command menu registered"'),
    );
  });

  it("tries again after a 429's retry_after, and only the menu that was refused", async () => {
    const env = await startEmulator();
    emulator.failNext('setMyCommands', { errorCode: 429, retryAfter: 1 });
    bot = await startBotProcess(env);

    await waitUntil('the command menu is registered', isMenuRegistered);
    expect(bot.stderr()).toMatch(/"retryInMs":1000,.*"msg":"command menu not registered; retrying/);
    expect(emulator.callCount('setMyCommands')).toBe(4);
  });

  it('stops at once on SIGTERM while a menu retry is still waiting', async () => {
    const env = await startEmulator();
    emulator.failNext('setMyCommands', { errorCode: 429, retryAfter: 3600 });
    const running = await startBotProcess(env);
    bot = running;
    await waitUntil('the retry is planned', () => running.stderr().includes('"retryInMs":3600000'));

    expect(await running.stop('SIGTERM')).toBe(0);
    expect(running.stderr()).toContain('"msg":"stopped"');
    expect(isMenuRegistered()).toBe(false);
  });
});

describe('a required call Telegram refuses at start', () => {
  it('exits 1 with one line naming getMe', async () => {
    const env = await startEmulator();
    emulator.failNext('getMe', { errorCode: 500 });

    const { code, stderr } = await runBotToExit(env);

    expect(code).toBe(1);
    expect(plainLines(stderr)).toEqual(['nmle: could not start: getMe failed: 500: Internal Server Error']);
    expect(stderr).not.toContain(emulator.botToken.split(':')[1]);
  });

  it('exits 1 with one line naming deleteWebhook', async () => {
    const env = await startEmulator();
    emulator.failNext('deleteWebhook', { errorCode: 502 });

    const { code, stderr } = await runBotToExit(env);

    expect(code).toBe(1);
    expect(plainLines(stderr)).toEqual(['nmle: could not start: deleteWebhook failed: 502: Bad Gateway']);
  });

  it('exits 1 with one line naming getUpdates when another instance holds the updates', async () => {
    const env = await startEmulator();
    emulator.failNext('getUpdates', { errorCode: 409 });

    const { code, stderr } = await runBotToExit(env);

    expect(code).toBe(1);
    expect(plainLines(stderr)).toEqual([
      'nmle: could not start: getUpdates failed: 409: Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
    ]);
  });
});
