import { afterAll, beforeAll, expect, it } from 'vitest';
import { textOf } from '../helpers/applicant-driver.js';
import { type BotHarness, startBotHarness } from '../helpers/bot-process.js';
import { mentorshipApplicant, PICTURE_ANSWER } from '../helpers/mentorship-applicant.js';
import { freePort } from '../helpers/playground-process.js';
import { createTestSchema, describeWithPostgres, type TestSchema } from '../helpers/postgres.js';
import { asTelegramPhoto, distinctDocumentPhotos } from '../helpers/telegram-photos.js';

// Webhook mode on PostgreSQL (contracts §7): a picture's update is answered once its job is queued in the
// database, and the bot's worker downloads, checks, counts and answers it, trying a failed download again.
const SECRET = 'e2e-webhook_pictures-0123456789';
const ID = '有效身份证明（正反面及本人手持照片）';

describeWithPostgres('pictures in webhook mode on PostgreSQL', () => {
  let harness: BotHarness | undefined;
  let schema: TestSchema;

  beforeAll(async () => {
    schema = await createTestSchema();
    const port = await freePort();
    harness = await startBotHarness(
      {
        STORE_URL: schema.url,
        WEBHOOK_URL: `http://127.0.0.1:${port}/telegram/updates`,
        WEBHOOK_SECRET: SECRET,
        WEBHOOK_PORT: String(port),
        NMLE_CLOCK: '2020-03-25T09:00:00+08:00',
      },
      { webhook: { timeScale: 0.01 } },
    );
  }, 90_000);

  afterAll(async () => {
    await harness?.close();
    await schema.admin.query(`DROP SCHEMA IF EXISTS ${schema.name}_jobs CASCADE`);
    await schema.drop();
  });

  it('counts each picture of an album once, the first download failing and tried again', async () => {
    const emulator = (harness as BotHarness).emulator;
    const a = await mentorshipApplicant(emulator);
    const pictures = await distinctDocumentPhotos(4);
    const items = await Promise.all(
      pictures.map(async (p) => ({ type: 'photo' as const, sizes: await asTelegramPhoto(p) })),
    );
    // The first download fails (Telegram's getFile answering 500): that job is tried again, not reported.
    emulator.failNext('getFile', { errorCode: 500 });
    await a.user.sendAlbum(items, { order: [2, 0, 3, 1] });
    const answers: string[] = [];
    for (let i = 0; i < 4; i++) answers.push(textOf(await a.expectMessage(PICTURE_ANSWER, 30_000)));
    // Three taken (1/3, 2/3, 3/3 in whichever order the jobs ran), the fourth refused: the ID card takes three.
    expect(
      answers
        .map((t) => t.match(/ (\d)\/3/)?.[1])
        .filter(Boolean)
        .sort(),
    ).toEqual(['1', '2', '3']);
    expect(answers.filter((t) => t.includes('已达上限'))).toHaveLength(1);
    // The failed download was tried again rather than reported to the applicant.
    expect(a.user.messages().filter((m) => textOf(m).includes('处理失败'))).toEqual([]);
    expect((harness as BotHarness).bot.stderr().match(/photo job failed/g)).toHaveLength(1);
    await a.user.sendText('/status');
    expect(textOf(await a.expectMessage('材料状态'))).toContain(`✅ ${ID} 3/3`);
    const photos = await schema.admin.query('SELECT count(*)::int AS n FROM pictures');
    expect(photos.rows[0].n).toBe(3);
    // The applicant's route is in its indexed column, for the console's and the exports' queries.
    const route = await schema.admin.query('SELECT route FROM applicants WHERE user_id = $1', [a.user.id]);
    expect(route.rows).toEqual([{ route: 'mentorship_assistant' }]);
    // Every update answered 2xx the first time it was posted, one request per chat at a time.
    const stats = emulator.webhookStats();
    expect([stats.failures, stats.retries, stats.maxInFlightPerQueue]).toEqual([0, 0, 1]);
  }, 90_000);
});
