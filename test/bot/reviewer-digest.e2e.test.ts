import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApplicantDriver, textOf } from '../helpers/applicant-driver.js';
import { type BotHarness, startBotHarness, startBotProcess } from '../helpers/bot-process.js';
import { submittedMentorshipApplicant } from '../helpers/mentorship-applicant.js';
import { distinctDocumentPhotos } from '../helpers/telegram-photos.js';

const REVIEWER_A = 9_000_011;
const REVIEWER_B = 9_000_012;
const REVIEWER_IDS = `${REVIEWER_A},${REVIEWER_B}`;
const DIGEST = '📥 新提交 1 份材料待审核（共 1 份待审核）。发送 /queue 查看。';

let harness: BotHarness;
let pictures: Uint8Array[];
let reviewerA: ApplicantDriver;
let reviewerB: ApplicantDriver;
beforeAll(async () => {
  [harness, pictures] = await Promise.all([
    // Inside the window and the reviewers' working hours (08:00–18:00), in the 10:00 slot.
    startBotHarness({ NMLE_CLOCK: '2020-03-25T10:05:00+08:00', REVIEWER_IDS }),
    distinctDocumentPhotos(6),
  ]);
  reviewerA = new ApplicantDriver(harness.emulator.createUser({ id: REVIEWER_A }));
  reviewerB = new ApplicantDriver(harness.emulator.createUser({ id: REVIEWER_B }));
}, 90_000);
afterAll(async () => {
  await harness?.close();
});

/** Restarts the bot on the same data with its clock starting at `clockStart`. */
async function restartAt(clockStart: string): Promise<void> {
  await harness.bot.stop();
  harness.bot = await startBotProcess({
    BOT_TOKEN: harness.emulator.botToken,
    TELEGRAM_API_ROOT: harness.emulator.apiRoot,
    DATA_DIR: harness.dataDir,
    REVIEWER_IDS,
    NMLE_CLOCK: clockStart,
  });
}

const submittedApplicant = () => submittedMentorshipApplicant(harness.emulator, pictures);

describe('reviewers, end to end', () => {
  it('answers a reviewer’s /start with what they can do, and anyone else’s with the interview', async () => {
    await reviewerA.user.sendText('/start');
    const help = textOf(await reviewerA.expectMessage('您是考点审核人员'));
    for (const part of ['/queue', '/review 编号', '/console', '✅ 审核通过', '↩️ 退回修改', '⛔ 不符合'])
      expect(help).toContain(part);
    expect(help).toContain('工作时间（08:00 至 18:00）内在这里提醒您，每 30 分钟最多一条');

    const applicant = new ApplicantDriver(harness.emulator.createUser());
    await applicant.user.sendText('/start');
    await applicant.expectMessage('第 1 题');
  });

  it('tells every reviewer of a new submission in the digest of the next half hour', async () => {
    await reviewerB.user.sendText('/start');
    await reviewerB.expectMessage('您是考点审核人员');
    await submittedApplicant();
    // Submitted in the 10:00 slot: it belongs to the 10:30 digest, not to the one of 10:00.
    expect(reviewerA.user.messages().map(textOf).join('\n')).not.toContain('📥');

    // The pass at start-up runs as the cron's at 10:30 would.
    await restartAt('2020-03-25T10:30:00+08:00');
    for (const reviewer of [reviewerA, reviewerB]) {
      expect(textOf(await reviewer.expectMessage('📥', 20_000))).toBe(DIGEST);
    }
  });
});
