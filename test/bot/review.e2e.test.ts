import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApplicantDriver, textOf } from '../helpers/applicant-driver.js';
import { type BotHarness, startBotHarness } from '../helpers/bot-process.js';
import { sendPicture, submittedMentorshipApplicant } from '../helpers/mentorship-applicant.js';
import { distinctDocumentPhotos } from '../helpers/telegram-photos.js';

const REVIEWER_A = 9_000_001;
const REVIEWER_B = 9_000_002;
const ID = '有效身份证明（正反面及本人手持照片）';

let harness: BotHarness;
let pictures: Uint8Array[];
let reviewerA: ApplicantDriver;
let reviewerB: ApplicantDriver;
beforeAll(async () => {
  [harness, pictures] = await Promise.all([
    startBotHarness({ NMLE_CLOCK: '2020-03-25T09:00:00+08:00', REVIEWER_IDS: `${REVIEWER_A},${REVIEWER_B}` }),
    distinctDocumentPhotos(12),
  ]);
  reviewerA = new ApplicantDriver(harness.emulator.createUser({ id: REVIEWER_A }));
  reviewerB = new ApplicantDriver(harness.emulator.createUser({ id: REVIEWER_B }));
}, 90_000);
afterAll(async () => {
  await harness?.close();
});

const sendPhoto = sendPicture;

/** An applicant with a complete mentorship dossier of pictures `first`…`first + 5`, submitted. */
const submittedApplicant = (first: number) =>
  submittedMentorshipApplicant(harness.emulator, pictures.slice(first, first + 6));

describe('review, end to end', () => {
  it('refuses /queue and review buttons to anyone not in REVIEWER_IDS', async () => {
    const stranger = new ApplicantDriver(harness.emulator.createUser());
    await stranger.user.sendText('/queue');
    await stranger.expectMessage('此命令仅供考点审核人员使用');
    await stranger.user.sendText('/review 1000001');
    await stranger.expectMessage('此命令仅供考点审核人员使用');
  });

  it('returns with feedback, the applicant is alerted and resubmits, then it is approved', async () => {
    const applicant = await submittedApplicant(0);
    const reviewer = reviewerA;
    await reviewer.user.sendText('/queue');
    expect(textOf(await reviewer.expectMessage('待审核'))).toContain(`#${applicant.user.id}`);
    await reviewer.user.pressButton(`#${applicant.user.id}`);
    const dossier = textOf(await reviewer.expectMessage(`申请人 ${applicant.user.id} 的材料`, 20_000));
    expect(dossier).toContain('报考类别：师承和确有专长助理医师');
    expect(dossier).toContain(`📎 ${ID}：3/3`);
    const shown = reviewer.user.messages().filter((m) => m.photo);
    expect(shown.length).toBe(6);

    await reviewer.user.pressButton('↩️ 退回修改');
    await reviewer.expectMessage('请选择需要重新上传的材料');
    await reviewer.user.pressButton(`⬜ ${ID}`);
    await reviewer.user.pressButton('✍️ 写反馈');
    await reviewer.expectMessage('请输入给申请人的反馈意见');
    await reviewer.user.sendText('身份证反面模糊，请重拍');
    await reviewer.expectMessage(`已处理：申请人 ${applicant.user.id} → 已退回`);

    const alert = textOf(await applicant.expectMessage('有新的审核通知', 15_000));
    expect(alert).toContain('24 小时之内');
    expect(alert).toContain('反馈意见：身份证反面模糊，请重拍');
    expect(alert).toContain(`需要重新上传：${ID}`);

    await applicant.user.sendText('/upload');
    await applicant.expectMessage('请选择要上传的材料');
    await applicant.user.pressButton(`🔁 ${ID} 3/3`);
    await applicant.expectMessage(`请发送“${ID}”的照片`);
    await applicant.user.pressButton('查看已传照片');
    const list = await applicant.expectMessage('已上传 3 张');
    await applicant.user.pressButton('替换第 2 张', { messageId: list.message_id });
    await applicant.expectMessage('请发送新的');
    expect(await sendPhoto(applicant, pictures[11] as Uint8Array)).toContain(`${ID} 第 2 张（3/3）`);
    await applicant.user.sendText('/submit');
    await applicant.expectMessage('已提交审核');

    await reviewer.user.sendText(`/review ${applicant.user.id}`);
    await reviewer.expectMessage(`申请人 ${applicant.user.id} 的材料`, 20_000);
    await reviewer.user.pressButton('✅ 审核通过');
    await reviewer.expectMessage('→ 审核通过');
    await applicant.expectMessage('您的报名材料已审核通过', 15_000);
  });

  it('lets only one of two reviewers pressing approve at once decide', async () => {
    const applicant = await submittedApplicant(0);
    const [a, b] = [reviewerA, reviewerB];
    for (const reviewer of [a, b]) {
      await reviewer.user.sendText(`/review ${applicant.user.id}`);
      await reviewer.expectMessage(`申请人 ${applicant.user.id} 的材料`, 20_000);
    }
    await Promise.all([a.user.pressButton('✅ 审核通过'), b.user.pressButton('✅ 审核通过')]);
    const answers = await Promise.all([a, b].map((r) => r.expectMessage(/已处理|已经被处理/).then(textOf)));
    expect(answers.filter((t) => t.includes('已处理'))).toHaveLength(1);
    expect(answers.filter((t) => t.includes('已经被处理'))).toHaveLength(1);
    await applicant.expectMessage('您的报名材料已审核通过', 15_000);
  });

  it('rejects with a reason and gives the applicant the helpline', async () => {
    const applicant = await submittedApplicant(0);
    const reviewer = reviewerB;
    await reviewer.user.sendText(`/review ${applicant.user.id}`);
    await reviewer.expectMessage(`申请人 ${applicant.user.id} 的材料`, 20_000);
    await reviewer.user.pressButton('⛔ 不符合');
    await reviewer.expectMessage('请输入不符合的原因');
    await reviewer.user.sendText('师承证书不在有效期内');
    await reviewer.expectMessage('→ 确实不符合');
    const alert = textOf(await applicant.expectMessage('确实不符合', 15_000));
    expect(alert).toContain('师承证书不在有效期内');
    expect(alert).toContain('0631-5310880');
  });
});
