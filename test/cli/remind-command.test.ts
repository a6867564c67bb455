import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SimulatedUser } from '../../src/emulator/simulated-user.js';
import {
  type TestBotApiEmulator as BotApiEmulator,
  createTestBotApiEmulator,
} from '../../src/emulator/testing/test-bot-api-emulator.js';
import { createApplicantStore } from '../../src/storage/applicant-store.js';
import { openAdapters } from '../../src/storage/open-adapters.js';
import { openStore } from '../../src/storage/open-store.js';
import { createOutboxStore } from '../../src/storage/outbox-store.js';
import { applicantOf, ELIGIBLE_ANSWERS, seedApplicants, tempDataDir } from '../helpers/applicants.js';
import { nmle, nmleProcess } from '../helpers/cli.js';
import { createTestSchema, describeWithPostgres, type TestSchema } from '../helpers/postgres.js';

/** A record these tests cannot use is a failure of the test. */
const failOnCorrupt = (error: Error) => {
  throw error;
};

const NOW = '2020-03-25T10:00:00+08:00';

let emulator: BotApiEmulator;
let env: Record<string, string>;
let storeUrl: string;
let users: SimulatedUser[];

beforeEach(async () => {
  emulator = createTestBotApiEmulator();
  const { apiRoot } = await emulator.start();
  const dir = tempDataDir();
  storeUrl = dir.storeUrl;
  env = {
    BOT_TOKEN: emulator.botToken,
    TELEGRAM_API_ROOT: apiRoot,
    DATA_DIR: dir.dataDir,
    LOG_LEVEL: 'silent',
  };
  users = [emulator.createUser(), emulator.createUser(), emulator.createUser()];
  const [started, uploading, submitted] = users as [SimulatedUser, SimulatedUser, SimulatedUser];
  await seedApplicants(storeUrl, [
    applicantOf(started.id),
    applicantOf(uploading.id, { answers: ELIGIBLE_ANSWERS }),
    applicantOf(submitted.id, { answers: ELIGIBLE_ANSWERS, dossier: { state: 'submitted' } }),
  ]);
});

afterEach(async () => {
  await emulator.stop();
});

async function outboxCounts() {
  const store = await openStore(storeUrl);
  try {
    return await createOutboxStore(store.keyv, { onCorrupt: failOnCorrupt }).countByState();
  } finally {
    await store.close();
  }
}

describe('nmle remind --now', () => {
  it('sends the reminders due at that time through the Bot API, and a second run sends none', async () => {
    const first = await nmle(['remind', '--now', NOW], env);
    expect(first).toMatchObject({ status: 0, stderr: '' });
    expect(first.stdout).toBe(
      '2 reminder(s) due at 2020-03-25T02:00:00.000Z: 2 sent, 0 already sent before, 0 blocked, 0 failed\n',
    );
    expect(users.map((u) => u.messages().length)).toEqual([1, 1, 0]);
    expect(users[0]?.lastMessage()?.text).toContain('还剩 7 天');

    const second = await nmle(['remind', '--now', '2020-03-25T15:30:00+08:00', '--json'], env);
    expect(second.status).toBe(0);
    expect(
      second.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).outcome),
    ).toEqual(['already_sent', 'already_sent']);
    expect(emulator.callCount('sendMessage')).toBe(2);
  });

  it('with --dry-run prints what would be sent, one JSON line each, and sends and records nothing', async () => {
    const dry = await nmle(['remind', '--now', NOW, '--dry-run'], env);
    expect(dry.status).toBe(0);
    const lines = dry.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toEqual([
      expect.objectContaining({
        userId: users[0]?.id,
        reason: 'daily',
        dedupeKey: `reminder:daily:2020-03-25:${users[0]?.id}`,
      }),
      expect.objectContaining({
        userId: users[1]?.id,
        reason: 'daily',
        html: expect.stringContaining('/upload'),
      }),
    ]);
    expect(emulator.callCount('sendMessage')).toBe(0);
    expect(await outboxCounts()).toEqual({ pending: 0, sending: 0, sent: 0, failed: 0, blocked: 0 });

    await nmle(['remind', '--now', NOW], env);
    expect((await nmle(['remind', '--now', NOW, '--dry-run'], env)).stdout).toBe('');
  });

  it('marks an applicant who blocked the bot inactive and sends them nothing more', async () => {
    users[0]?.blockBot();
    const run = await nmle(['remind', '--now', NOW, '--json'], env);
    expect(
      run.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).outcome),
    ).toEqual(['blocked', 'sent']);
    const store = await openStore(storeUrl);
    try {
      const applicants = createApplicantStore(store.keyv, { onCorrupt: failOnCorrupt });
      expect((await applicants.get(users[0]?.id ?? 0))?.inactive).toBe(true);
    } finally {
      await store.close();
    }
    const nextDay = await nmle(['remind', '--now', '2020-03-26T10:00:00+08:00', '--json'], env);
    expect(
      nextDay.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).userId),
    ).toEqual([users[1]?.id]);
  });

  it('exits 1 when a message had to be given up', async () => {
    emulator.failNext('sendMessage', { errorCode: 400, description: 'Bad Request: chat not found' });
    const run = await nmle(['remind', '--now', NOW], env);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('1 failed');
  });

  it.each([
    [
      ['--now', 'tomorrow'],
      'nmle remind: --now: expected an ISO-8601 time with its offset, such as 2020-03-25T10:00:00+08:00; got "tomorrow"',
    ],
    [
      ['--now', '2020-03-25T10:00:00'],
      'nmle remind: --now: expected an ISO-8601 time with its offset, such as 2020-03-25T10:00:00+08:00; got "2020-03-25T10:00:00"',
    ],
    [[], 'nmle remind: --now is required: an ISO-8601 time such as 2020-03-25T10:00:00+08:00 (see --help)'],
  ])('refuses %j with exit status 2 and one line', async (args, line) => {
    const run = await nmle(['remind', ...args], env);
    expect(run).toEqual({ status: 2, stdout: '', stderr: `${line}\n` });
    expect(emulator.callCount('sendMessage')).toBe(0);
  });

  it('says which variable is missing when there is no bot token', async () => {
    const run = await nmle(['remind', '--now', NOW], { ...env, BOT_TOKEN: '' });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      'nmle remind: BOT_TOKEN: not set; expected the bot token from @BotFather (or use --dry-run)\n',
    );
  });

  it('refuses a bad --now from the shell too, without a stack trace', () => {
    const run = nmleProcess(['remind', '--now', 'yesterday']);
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });
});

// On PostgreSQL (the shared set) the same pass, through the same adapters and pace as the bot instances.
describeWithPostgres('nmle remind --now on PostgreSQL', () => {
  let schema: TestSchema | undefined;
  afterEach(async () => {
    await schema?.drop();
    schema = undefined;
  });

  it('sends what is due once, marks a blocked applicant inactive, and a second run sends none', async () => {
    schema = await createTestSchema();
    const pgEnv = { ...env, STORE_URL: schema.url };
    const [started, uploading, submitted] = users as [SimulatedUser, SimulatedUser, SimulatedUser];
    const adapters = await openAdapters(
      { storeUrl: schema.url, dataDir: env.DATA_DIR as string, pgPoolSize: 2 },
      { onCorrupt: failOnCorrupt },
    );
    try {
      for (const applicant of [
        applicantOf(started.id),
        applicantOf(uploading.id, { answers: ELIGIBLE_ANSWERS }),
        applicantOf(submitted.id, { answers: ELIGIBLE_ANSWERS, dossier: { state: 'submitted' } }),
      ])
        await adapters.applicants.update(applicant.userId, () => ({ record: applicant, result: undefined }));
    } finally {
      await adapters.close();
    }
    uploading.blockBot();

    const dry = await nmle(['remind', '--now', NOW, '--dry-run'], pgEnv);
    expect(
      dry.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).userId),
    ).toEqual([started.id, uploading.id]);

    const first = await nmle(['remind', '--now', NOW], pgEnv);
    expect(first.stdout).toBe(
      '2 reminder(s) due at 2020-03-25T02:00:00.000Z: 1 sent, 0 already sent before, 1 blocked, 0 failed\n',
    );
    expect(users.map((u) => u.messages().length)).toEqual([1, 0, 0]);

    const second = await nmle(['remind', '--now', NOW], pgEnv);
    expect(second.stdout).toMatch(/: 0 sent, 1 already sent before/);
    expect(emulator.callCount('sendMessage')).toBe(2);
    const reopened = await openAdapters(
      { storeUrl: schema.url, dataDir: env.DATA_DIR as string, pgPoolSize: 2 },
      { onCorrupt: failOnCorrupt },
    );
    try {
      expect((await reopened.applicants.get(uploading.id))?.inactive).toBe(true);
    } finally {
      await reopened.close();
    }
  });
});
