import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatedUser } from '../../src/emulator/simulated-user.js';
import {
  type TestBotApiEmulator as BotApiEmulator,
  createTestBotApiEmulator,
} from '../../src/emulator/testing/test-bot-api-emulator.js';
import { openStore } from '../../src/storage/open-store.js';
import { createOutboxStore, type OutboxState } from '../../src/storage/outbox-store.js';
import { applicantOf, seedApplicants, tempDataDir } from '../helpers/applicants.js';
import { type BotProcess, startBotProcess } from '../helpers/bot-process.js';
import { waitUntil } from '../helpers/wait-until.js';

const APPLICANTS = 60;

let emulator: BotApiEmulator;
let bot: BotProcess | undefined;
beforeAll(async () => {
  emulator = createTestBotApiEmulator();
  await emulator.start();
});
afterAll(async () => {
  await bot?.stop();
  await emulator.stop();
});

/** The outbox as the bot left it in the SQLite file, read from this process. */
async function outboxCounts(storeUrl: string): Promise<Record<OutboxState, number>> {
  const store = await openStore(storeUrl);
  try {
    const onCorrupt = (error: Error) => {
      throw error;
    };
    return await createOutboxStore(store.keyv, { onCorrupt }).countByState();
  } finally {
    await store.close();
  }
}

describe('the outbox across a crash', () => {
  it('delivers every message exactly once after the bot is killed while the outbox holds messages', async () => {
    const { dataDir, storeUrl } = tempDataDir();
    const users: SimulatedUser[] = Array.from({ length: APPLICANTS }, () => emulator.createUser());
    await seedApplicants(
      storeUrl,
      users.map((u) => applicantOf(u.id)),
    );
    const env = {
      BOT_TOKEN: emulator.botToken,
      TELEGRAM_API_ROOT: emulator.apiRoot,
      DATA_DIR: dataDir,
      // In the window, after the daily reminder time: the pass at start-up finds 60 reminders due.
      NMLE_CLOCK: '2020-03-25T10:05:00+08:00',
    };
    bot = await startBotProcess(env);

    // The first 25 go out (one every 40 ms); the next meets "retry after 60 s" and the outbox pauses with
    // the rest held.
    await waitUntil('the first 25 reminders are sent', () => emulator.callCount('sendMessage') >= 25);
    emulator.failNext('sendMessage', { errorCode: 429, retryAfter: 60 });
    await waitUntil('the 429 is received', () => (emulator.stats().errors.sendMessage ?? 0) === 1);
    await waitUntil('every delivered message is recorded as sent', async () => {
      const counts = await outboxCounts(storeUrl);
      return counts.sending === 0 && counts.sent === emulator.callCount('sendMessage') - 1;
    });
    const held = (await outboxCounts(storeUrl)).pending;
    expect(held).toBeGreaterThan(0);
    expect(held).toBe(APPLICANTS - (emulator.callCount('sendMessage') - 1));

    await bot.stop('SIGKILL');
    bot = await startBotProcess(env);

    await waitUntil('every applicant has the reminder', () => users.every((u) => u.messages().length >= 1), {
      timeoutMs: 15_000,
    });
    await waitUntil('the outbox has nothing left to send', async () => {
      const counts = await outboxCounts(storeUrl);
      return counts.pending + counts.sending === 0;
    });
    expect(await outboxCounts(storeUrl)).toMatchObject({ sent: APPLICANTS, failed: 0, blocked: 0 });
    expect(users.map((u) => u.messages().length)).toEqual(users.map(() => 1));
    // 60 deliveries and the one refused with 429: nothing was sent twice, and the pass at the second start
    // recorded nothing new.
    expect(emulator.callCount('sendMessage')).toBe(APPLICANTS + 1);
    expect(users[0]?.messages()[0]?.text).toContain('还剩 7 天');
  });
});
