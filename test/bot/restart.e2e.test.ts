import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApplicantDriver, textOf } from '../helpers/applicant-driver.js';
import { type BotHarness, startBotHarness } from '../helpers/bot-process.js';
import { REPO_ROOT } from '../helpers/cli.js';

let harness: BotHarness;
beforeAll(async () => {
  harness = await startBotHarness();
});
afterAll(async () => {
  await harness?.close();
});

describe('a bot that stops and starts again', () => {
  it('continues exactly where the applicant was after the process is killed mid-interview', async () => {
    const a = new ApplicantDriver(harness.emulator.createUser());
    await a.user.sendText('/start');
    await a.expectMessage('第 1 题');
    await a.answer('执业医师', '口腔');
    await harness.emulator.whenIdle();

    await harness.restart('SIGKILL');

    await a.user.sendText('/start');
    const resumed = textOf(await a.expectMessage('第 3 题'));
    expect(resumed).toContain('欢迎回来');
    expect(resumed).toContain('✔ 考试类别：口腔');
    expect(resumed).toContain('您的最高医学学历是？');
    const checklist = textOf(await a.answer('本科', '否', '否', '否', 1));
    expect(checklist).toContain('（一）');
    expect(checklist).toContain('0631-5300004');
  });

  it('finishes the update in hand on SIGTERM, then exits cleanly', async () => {
    const a = new ApplicantDriver(harness.emulator.createUser());
    await a.user.sendText('/start');
    await a.expectMessage('第 1 题');
    await a.user.pressButton('执业助理医师');
    const next = a.expectMessage('第 2 题');
    const code = await harness.bot.stop('SIGTERM');
    expect(code).toBe(0);
    expect(harness.bot.stderr()).toContain('"msg":"stopped"');
    await harness.restart();
    await next;
    // The answer was confirmed to Telegram before exiting: the new process does not handle it twice.
    await harness.emulator.whenIdle();
    expect(a.user.messages().filter((m) => textOf(m).includes('第 2 题'))).toHaveLength(1);
  });
});

describe('start-up without a usable configuration', () => {
  const run = (env: Record<string, string>) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
      encoding: 'utf8',
      timeout: 30_000,
    });

  it('names a bad variable in one line', () => {
    const result = run({ REVIEWER_IDS: 'alice', BOT_TOKEN: harness.emulator.botToken });
    expect(result.status).toBe(2);
    expect(result.stderr.trim()).toBe(
      'nmle: REVIEWER_IDS: expected comma-separated Telegram user ids such as 12345,67890; got "alice"',
    );
  });
});
