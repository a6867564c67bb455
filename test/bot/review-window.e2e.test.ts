import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textOf } from '../helpers/applicant-driver.js';
import { type BotHarness, startBotHarness } from '../helpers/bot-process.js';
import { mentorshipApplicant } from '../helpers/mentorship-applicant.js';
import { asTelegramPhoto, distinctDocumentPhotos } from '../helpers/telegram-photos.js';

// The 2020 window is 20–31 March (Asia/Shanghai). Outside it the checklist is still given, but pictures and
// /submit are refused with when the window opens or that it closed, and the helpline.
let closed: BotHarness;
let notYet: BotHarness;
let picture: Uint8Array;
beforeAll(async () => {
  [closed, notYet, [picture = new Uint8Array()]] = await Promise.all([
    startBotHarness({ NMLE_CLOCK: '2026-12-03T10:00:00+08:00' }),
    startBotHarness({ NMLE_CLOCK: '2020-03-19T23:30:00+08:00' }),
    distinctDocumentPhotos(1),
  ]);
}, 90_000);
afterAll(async () => {
  await Promise.all([closed?.close(), notYet?.close()]);
});

const readyApplicant = (harness: BotHarness) => mentorshipApplicant(harness.emulator);

describe('outside the review window', () => {
  it('gives the checklist, but refuses pictures and /submit after the window closed, with the helpline', async () => {
    const a = await readyApplicant(closed);
    await a.user.sendPhoto(await asTelegramPhoto(picture));
    const refusal = textOf(await a.expectMessage('本次审核已于 2020-03-31 结束', 20_000));
    expect(refusal).toContain('不能再上传照片或提交审核');
    expect(refusal).toContain('0631-5310880');
    await a.user.sendText('/submit');
    expect(textOf(await a.expectMessage('本次审核已于 2020-03-31 结束'))).toContain('咨询电话');
    await a.user.sendText('/status');
    expect(textOf(await a.expectMessage('材料状态'))).toContain('0/3');
  });

  it('says from when pictures are taken before the window opens', async () => {
    const a = await readyApplicant(notYet);
    await a.user.sendPhoto(await asTelegramPhoto(picture));
    const refusal = textOf(await a.expectMessage('审核尚未开始', 20_000));
    expect(refusal).toContain('2020-03-20 起才能上传照片和提交审核');
    expect(refusal).toContain('咨询电话');
    await a.user.sendText('/upload');
    await a.expectMessage('审核尚未开始');
  });
});
