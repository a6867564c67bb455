import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message } from '../../src/emulator/bot-api-types.js';
import { ApplicantDriver, textOf } from '../helpers/applicant-driver.js';
import { type BotHarness, startBotHarness } from '../helpers/bot-process.js';
import {
  mentorshipApplicant,
  PICTURE_ANSWER,
  sendPicture,
  submittedMentorshipApplicant,
} from '../helpers/mentorship-applicant.js';
import { distinctDocumentPhotos } from '../helpers/telegram-photos.js';

// What a new applicant and a new reviewer ran into (issue "What a new applicant and a new reviewer run into"),
// each seen as they would see it, through the Bot API.
const REVIEWER_A = 9_100_011;
const REVIEWER_B = 9_100_012;
const ID = '有效身份证明（正反面及本人手持照片）';
const MENTOR = '师承和确有专长证书';

let harness: BotHarness;
let pictures: Uint8Array[];
let blurred: Uint8Array;
let reviewerA: ApplicantDriver;
let reviewerB: ApplicantDriver;
beforeAll(async () => {
  [harness, pictures] = await Promise.all([
    startBotHarness({ NMLE_CLOCK: '2020-03-25T09:00:00+08:00', REVIEWER_IDS: `${REVIEWER_A},${REVIEWER_B}` }),
    distinctDocumentPhotos(14),
  ]);
  blurred = new Uint8Array(await sharp(pictures[13]).blur(6).jpeg().toBuffer());
  reviewerA = new ApplicantDriver(harness.emulator.createUser({ id: REVIEWER_A }));
  reviewerB = new ApplicantDriver(harness.emulator.createUser({ id: REVIEWER_B }));
}, 90_000);
afterAll(async () => {
  await harness?.close();
});

/** Bot API calls the emulator refused so far, per method. */
const refusedCalls = () => harness.emulator.stats().errors;

const sendPhoto = sendPicture;

const readyApplicant = () => mentorshipApplicant(harness.emulator);

const submittedApplicant = () => submittedMentorshipApplicant(harness.emulator, pictures);

/** The reviewer returns the applicant's dossier with these materials marked for redo. */
async function returnDossier(reviewer: ApplicantDriver, a: ApplicantDriver, redo: string[]): Promise<void> {
  await reviewer.user.sendText(`/review ${a.user.id}`);
  await reviewer.expectMessage(`申请人 ${a.user.id} 的材料`, 20_000);
  await reviewer.user.pressButton('↩️ 退回修改');
  await reviewer.expectMessage('请选择需要重新上传的材料');
  for (const title of redo) await reviewer.user.pressButton(`⬜ ${title}`);
  await reviewer.user.pressButton('✍️ 写反馈');
  await reviewer.expectMessage('请输入给申请人的反馈意见');
  await reviewer.user.sendText('请重拍');
  await reviewer.expectMessage(`已处理：申请人 ${a.user.id} → 已退回`);
  await a.expectMessage('有新的审核通知', 15_000);
}

describe('a new applicant', () => {
  it('sees pictures sent as files when listing them, from the stored files', async () => {
    const before = refusedCalls();
    const a = await readyApplicant();
    for (const p of pictures.slice(0, 2)) {
      await a.user.sendDocument(p, { fileName: 'scan.jpg', mimeType: 'image/jpeg' });
      await a.expectMessage(PICTURE_ANSWER, 20_000);
    }
    await a.user.sendText('/upload');
    await a.expectMessage('请选择要上传的材料');
    await a.user.pressButton(`◐ ${ID} 2/3`);
    await a.expectMessage(`请发送“${ID}”的照片`);
    await a.user.pressButton('查看已传照片');
    await a.expectMessage(`“${ID}”已上传 2 张`);
    const shown = a.user.messages().filter((m) => m.photo);
    expect(shown).toHaveLength(2);
    expect(shown[0]?.media_group_id).toBeDefined();
    expect(refusedCalls()).toEqual(before);
  });

  it('leads on to the next material in one message, never a lone "下一项：" bubble', async () => {
    const a = await readyApplicant();
    for (const p of pictures.slice(0, 3)) await sendPhoto(a, p);
    expect(textOf(await a.expectMessage(`请发送“${MENTOR}”的照片`))).toMatch(/^下一项：请发送/);
    expect(a.user.messages().filter((m) => textOf(m).trim() === '下一项：')).toEqual([]);
  });

  it('asks before deleting a picture, and keeps a picture being replaced until its successor is accepted', async () => {
    const a = await readyApplicant();
    for (const p of pictures.slice(0, 3)) await sendPhoto(a, p);
    await a.user.sendText('/upload');
    await a.expectMessage('请选择要上传的材料');
    await a.user.pressButton(`✅ ${ID} 3/3`);
    await a.expectMessage(`请发送“${ID}”的照片`);
    await a.user.pressButton('查看已传照片');
    const list = await a.expectMessage(`“${ID}”已上传 3 张`);
    await a.user.pressButton('删除第 1 张', { messageId: list.message_id });
    await a.expectMessage(`确定删除“${ID}”的第 1 张照片吗`);
    const cancel = await a.user.pressButton('取消');
    expect((await a.user.waitForCallbackAnswer(cancel.callbackQueryId)).text).toContain('已取消');
    await a.user.pressButton('替换第 2 张', { messageId: list.message_id });
    await a.expectMessage('通过检查后会替换第 2 张');
    expect(await sendPhoto(a, blurred)).toContain('没有保存');
    await a.user.sendText('/status');
    expect(textOf(await a.expectMessage('材料状态'))).toContain(`✅ ${ID} 3/3`);
    expect(await sendPhoto(a, pictures[12] as Uint8Array)).toBe(`✅ 已替换：${ID} 第 2 张（3/3）`);
  });

  it('names their own situation when they are not eligible, not a route they do not meet', async () => {
    const a = new ApplicantDriver(harness.emulator.createUser());
    await a.user.sendText('/start');
    await a.expectMessage('第 1 题');
    const verdict = textOf(await a.answer('执业医师', '临床', '大专', '否'));
    expect(verdict).toContain('很抱歉');
    expect(verdict).toContain('您的情况：执业医师、大专、已取得执业助理医师资格：否');
    expect(verdict).not.toContain('（二）');
    expect(verdict).not.toContain('已取得执业助理医师资格报考执业医师');
  });

  it('finds /upload and /submit in /help', async () => {
    const a = new ApplicantDriver(harness.emulator.createUser());
    await a.user.sendText('/help');
    const help = textOf(await a.expectMessage('/start'));
    expect(help).toContain('/upload');
    expect(help).toContain('/submit');
  });

  it('reads English with ASCII punctuation after /lang, reviewer-only refusals included', async () => {
    const a = await readyApplicant();
    await a.user.sendText('/lang');
    await a.expectMessage('Choose a language');
    await a.user.pressButton('English');
    const checklist = textOf(await a.expectMessage('You are eligible'));
    expect(checklist).not.toMatch(/[（）：，。；！？、]/);
    expect(checklist).toContain('(7) ');
    await a.user.sendText('/status');
    expect(textOf(await a.expectMessage('Your answers'))).not.toMatch(/[（）：，。；！？、]/);
    await a.user.sendText('/queue');
    await a.expectMessage('This command is for exam-office reviewers only.');
  });
});

describe('after a return', () => {
  it('files a picture sent without choosing under the material marked for redo, and never into one that has enough', async () => {
    const a = await submittedApplicant();
    await returnDossier(reviewerA, a, [MENTOR]);
    expect(await sendPhoto(a, pictures[12] as Uint8Array)).toMatch(new RegExp(`^✅ 已收到：${MENTOR} 2/2`));
    expect(await sendPhoto(a, pictures[13] as Uint8Array)).toContain('请先选择这张照片属于哪项材料');
    expect(textOf(a.user.lastMessage() as Message)).toContain('请先选择');
  });

  it('asks before resubmitting unchanged, shows the reviewer what is new, and /status says it is under review', async () => {
    const a = await submittedApplicant();
    await returnDossier(reviewerA, a, [ID, MENTOR]);
    await a.user.sendText('/submit');
    const warning = textOf(await a.expectMessage('还没有新照片'));
    expect(warning).toContain(`🔁 ${ID}`);
    expect(warning).toContain(`🔁 ${MENTOR}`);
    // The ID card is full: the picture is refused with a way to its pictures, to replace one.
    expect(await sendPhoto(a, pictures[12] as Uint8Array)).toContain(`“${ID}”已达上限`);
    await a.user.pressButton('查看已传照片');
    const list = await a.expectMessage(`“${ID}”已上传 3 张`);
    await a.user.pressButton('替换第 1 张', { messageId: list.message_id });
    expect(await sendPhoto(a, pictures[12] as Uint8Array)).toContain(`已替换：${ID} 第 1 张`);
    await a.user.sendText('/submit');
    const again = textOf(await a.expectMessage('还没有新照片'));
    expect(again).not.toContain(`🔁 ${ID}`);
    await a.user.pressButton('仍然提交');
    await a.expectMessage('已提交审核');
    await a.user.sendText('/status');
    const status = textOf(await a.expectMessage('材料状态'));
    expect(status).toContain('您的材料已经提交，正在审核中');
    expect(status).not.toContain('问答已完成');

    await reviewerB.user.sendText(`/review ${a.user.id}`);
    const view = textOf(await reviewerB.expectMessage(`申请人 ${a.user.id} 的材料`, 20_000));
    expect(view).toContain(`📎 ${ID}：3/3 🆕 新 1 张`);
    expect(view).toContain(`📎 ${MENTOR}：1/2 🔁 未重新上传`);
  });

  it('tells a reviewer pressing a decision from before a resubmission that it was resubmitted, with the latest view', async () => {
    const a = await submittedApplicant();
    await reviewerA.user.sendText(`/review ${a.user.id}`);
    const oldView = await reviewerA.expectMessage(`申请人 ${a.user.id} 的材料`, 20_000);
    await returnDossier(reviewerB, a, []);
    await a.user.sendText('/submit');
    await a.expectMessage('已提交审核');
    await reviewerA.user.pressButton('✅ 审核通过', { messageId: oldView.message_id });
    const stale = textOf(await reviewerA.expectMessage('已重新提交'));
    expect(stale).not.toContain('已经被处理');
    await reviewerA.user.pressButton('查看最新材料');
    await reviewerA.expectMessage(`申请人 ${a.user.id} 的材料（已提交，已锁定）`, 20_000);
  });
});

describe('a storm of presses', () => {
  it('ends with no Bot API call refused after hundreds of duplicate, racing and stale presses', async () => {
    const before = refusedCalls();
    const presses: Promise<{ callbackQueryId: string }>[] = [];
    const applicants = await Promise.all(
      Array.from({ length: 8 }, async () => {
        const a = new ApplicantDriver(harness.emulator.createUser());
        await a.user.sendText('/start');
        return { a, question: await a.expectMessage('第 1 题') };
      }),
    );
    for (const { a, question } of applicants) {
      const data = (label: string) =>
        question.reply_markup?.inline_keyboard.flat().find((b) => b.text === label)?.callback_data ?? '';
      // The same answer ten times at once, then the other answers of the same (now stale) message.
      for (let i = 0; i < 10; i++)
        presses.push(a.user.pressCallbackData(question.message_id, data('执业医师')));
      for (const label of ['执业助理医师', '乡村全科执业助理医师', '师承和确有专长助理医师'])
        presses.push(a.user.pressCallbackData(question.message_id, data(label)));
      await a.expectMessage('第 2 题');
      for (const command of ['/lang', '/delete_my_data', '/reset']) {
        await a.user.sendText(command);
        const asked = await a.expectMessage(/Choose a language|确定要删除|确定要清空/);
        const buttons = asked.reply_markup?.inline_keyboard.flat() ?? [];
        for (let i = 0; i < 5; i++)
          for (const b of buttons)
            presses.push(a.user.pressCallbackData(asked.message_id, b.callback_data ?? ''));
      }
    }
    const target = await submittedApplicant();
    await reviewerA.user.sendText(`/review ${target.user.id}`);
    await reviewerA.expectMessage(`申请人 ${target.user.id} 的材料`, 20_000);
    await reviewerA.user.pressButton('↩️ 退回修改');
    const redo = await reviewerA.expectMessage('请选择需要重新上传的材料');
    const toggle = redo.reply_markup?.inline_keyboard[0]?.[0]?.callback_data ?? '';
    for (let i = 0; i < 41; i++) presses.push(reviewerA.user.pressCallbackData(redo.message_id, toggle));

    const pressed = await Promise.all(presses);
    expect(pressed.length).toBeGreaterThanOrEqual(250);
    const users = [...applicants.map(({ a }) => a.user), reviewerA.user];
    await Promise.all(
      pressed.map(({ callbackQueryId }) =>
        Promise.any(users.map((u) => u.waitForCallbackAnswer(callbackQueryId, { timeoutMs: 30_000 }))),
      ),
    );
    await harness.emulator.whenIdle();
    expect(refusedCalls()).toEqual(before);
  });
});
