import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApplicantDriver, textOf } from '../helpers/applicant-driver.js';
import { type BotHarness, startBotHarness } from '../helpers/bot-process.js';
import { mentorshipApplicant, sendPicture } from '../helpers/mentorship-applicant.js';
import { freePort } from '../helpers/playground-process.js';
import { distinctDocumentPhotos } from '../helpers/telegram-photos.js';

// Webhook mode (contracts §6–§7) on the embedded store: the bot serves its own HTTP edge, the emulator posts
// updates to it as Telegram does (one request per chat queue at a time, retrying what is not answered 2xx).
const SECRET = 'e2e-webhook_secret-0123456789';

let harness: BotHarness;
let hook: string;
let port: number;
beforeAll(async () => {
  port = await freePort();
  hook = `http://127.0.0.1:${port}/telegram/updates`;
  harness = await startBotHarness(
    {
      WEBHOOK_URL: hook,
      WEBHOOK_SECRET: SECRET,
      WEBHOOK_PORT: String(port),
      NMLE_CLOCK: '2020-03-25T09:00:00+08:00',
    },
    { webhook: { timeScale: 0.01 } },
  );
}, 90_000);
afterAll(async () => {
  await harness?.close();
});

describe('webhook mode', () => {
  it('sets its webhook with the secret, and answers /healthz', async () => {
    const info = await fetch(`${harness.emulator.apiRoot}/bot${harness.emulator.botToken}/getWebhookInfo`);
    const { result } = (await info.json()) as { result: { url: string } };
    expect(result.url).toBe(hook);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
  });

  it('takes an applicant through the interview, one request per chat at a time, none refused', async () => {
    const a = new ApplicantDriver(harness.emulator.createUser());
    await a.user.sendText('/start');
    await a.expectMessage('第 1 题');
    expect(textOf(await a.answer('执业医师', '临床', '本科', '否', '否', '否', 1))).toContain(
      '您符合报考条件',
    );
    const stats = harness.emulator.webhookStats();
    // Each of the six button presses was answered in the answer to its POST, not by a request of its own.
    expect(stats.replyCalls).toEqual({ answerCallbackQuery: 6 });
    expect(stats.maxInFlightPerQueue).toBe(1);
    expect(stats.failures).toBe(0);
    expect(harness.emulator.stats().errors).toEqual({});
  });

  it('checks and stores a picture sent by webhook, and counts it once', async () => {
    const [picture] = await distinctDocumentPhotos(1);
    const a = await mentorshipApplicant(harness.emulator);
    const cursor = a.user.cursor();
    expect(await sendPicture(a, picture as Uint8Array)).toContain('已收到');
    await harness.emulator.whenIdle();
    const answers = a.user.messages().filter((m) => textOf(m).includes('已收到'));
    expect(answers.map(textOf)).toEqual([expect.stringContaining(' 1/3')]);
    expect(a.user.cursor()).toBeGreaterThan(cursor);
  });

  it('applies an update posted twice once, and refuses one without the secret', async () => {
    const a = new ApplicantDriver(harness.emulator.createUser());
    await a.user.sendText('/start');
    await a.expectMessage('第 1 题');
    const update = {
      update_id: 987_654,
      message: {
        message_id: 9001,
        date: Math.floor(Date.now() / 1000),
        chat: { id: a.user.id, type: 'private', first_name: 'A' },
        from: { id: a.user.id, is_bot: false, first_name: 'A' },
        text: '/status',
      },
    };
    const post = (secret: string) =>
      fetch(hook, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Telegram-Bot-Api-Secret-Token': secret },
        body: JSON.stringify(update),
      });
    const before = a.user.messages().length;
    expect((await post('wrong')).status).toBe(401);
    expect((await post(SECRET)).status).toBe(200);
    const afterFirst = a.user.messages().length;
    expect(afterFirst).toBeGreaterThan(before);
    expect((await post(SECRET)).status).toBe(200);
    await harness.emulator.whenIdle();
    expect(a.user.messages().length).toBe(afterFirst);
  });
});
