import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApplicantDriver, textOf } from '../helpers/applicant-driver.js';
import { type BotHarness, startBotHarness } from '../helpers/bot-process.js';
import { mentorshipApplicant, PICTURE_ANSWER, sendPicture } from '../helpers/mentorship-applicant.js';
import { asTelegramPhoto, distinctDocumentPhotos } from '../helpers/telegram-photos.js';

const CLOCK = '2020-03-25T09:00:00+08:00';
const RESULT = PICTURE_ANSWER;
const ID = '有效身份证明（正反面及本人手持照片）';

let harness: BotHarness;
let pictures: Uint8Array[];
let blurred: Uint8Array;
beforeAll(async () => {
  [harness, pictures] = await Promise.all([
    startBotHarness({ NMLE_CLOCK: CLOCK }),
    distinctDocumentPhotos(14),
  ]);
  blurred = new Uint8Array(await sharp(pictures[4]).blur(6).jpeg().toBuffer());
}, 90_000);
afterAll(async () => {
  await harness?.close();
});

const readyApplicant = (institutions = 1) => mentorshipApplicant(harness.emulator, institutions);

const sendPhoto = sendPicture;

describe('photo intake, end to end', () => {
  it('takes the full-size photo (not the thumbnail), checks it and counts it for the first material', async () => {
    const a = await readyApplicant();
    expect(await sendPhoto(a, pictures[0] as Uint8Array)).toBe(`✅ 已收到：${ID} 1/3`);
  });

  it('takes a picture sent as a file', async () => {
    const a = await readyApplicant();
    await a.user.sendDocument(pictures[1] as Uint8Array, { fileName: 'id-back.jpg', mimeType: 'image/jpeg' });
    expect(textOf(await a.expectMessage(RESULT, 20_000))).toBe(`✅ 已收到：${ID} 1/3`);
  });

  it('says why a blurred picture is refused, and saves nothing', async () => {
    const a = await readyApplicant();
    expect(await sendPhoto(a, blurred)).toContain('照片模糊，请在光线充足处对焦后重拍');
    await a.user.sendText('/status');
    expect(textOf(await a.expectMessage('材料状态'))).toContain(`⬜ ${ID} 0/3`);
  });

  it('refuses the same picture sent twice', async () => {
    const a = await readyApplicant();
    await sendPhoto(a, pictures[2] as Uint8Array);
    expect(await sendPhoto(a, pictures[2] as Uint8Array)).toContain('这张照片已经上传过了');
  });

  it('leads on to the next material when one is full, and refuses a fourth ID picture', async () => {
    const a = await readyApplicant();
    await sendPhoto(a, pictures[0] as Uint8Array);
    await sendPhoto(a, pictures[1] as Uint8Array);
    expect(await sendPhoto(a, pictures[2] as Uint8Array)).toContain(`${ID} 3/3`);
    expect(textOf(await a.expectMessage('师承和确有专长证书'))).toContain('请发送');
    await a.user.sendText('/upload');
    await a.expectMessage('请选择要上传的材料');
    await a.user.pressButton(`✅ ${ID} 3/3`);
    await a.expectMessage(`请发送“${ID}”的照片`);
    expect(await sendPhoto(a, pictures[3] as Uint8Array)).toContain('已达上限（3 张）');
  });

  it('handles every picture of an album of 5 delivered out of order, each counted once', async () => {
    const a = await readyApplicant(3);
    await a.user.sendText('/upload');
    await a.expectMessage('请选择要上传的材料');
    await a.user.pressButton('⬜ 试用期考核合格证明 0/6');
    await a.expectMessage('请发送“试用期考核合格证明”的照片');
    const items = await Promise.all(
      pictures.slice(5, 10).map(async (p) => ({ type: 'photo' as const, sizes: await asTelegramPhoto(p) })),
    );
    await a.user.sendAlbum(items, { order: [3, 0, 4, 1, 2] });
    const acknowledged: string[] = [];
    for (let i = 0; i < 5; i++) acknowledged.push(textOf(await a.expectMessage(RESULT, 20_000)));
    expect(acknowledged.map((t) => t.match(/(\d)\/6/)?.[1]).sort()).toEqual(['1', '2', '3', '4', '5']);
    await a.user.sendText('/status');
    expect(textOf(await a.expectMessage('材料状态'))).toContain('✅ 试用期考核合格证明 5/6');
  });

  it('lists a material’s pictures, deletes one and replaces another', async () => {
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
    await a.user.pressButton('确定删除');
    expect(textOf(await a.expectMessage('已删除'))).toContain(`${ID} 现在 2/3`);
    await a.user.pressButton('替换第 2 张', { messageId: list.message_id });
    await a.expectMessage('请发送新的');
    expect(await sendPhoto(a, pictures[11] as Uint8Array)).toBe(`✅ 已替换：${ID} 第 1 张（2/3）`);
  });

  it('refuses to submit an incomplete dossier, naming what is missing', async () => {
    const a = await readyApplicant();
    await sendPhoto(a, pictures[0] as Uint8Array);
    await a.user.sendText('/submit');
    const missing = textOf(await a.expectMessage('还不能提交'));
    expect(missing).toContain(`${ID}：1/3 张照片`);
    expect(missing).toContain('师承和确有专长证书：0/1–2 张照片');
  });

  it('submits a complete dossier and locks it against photos and answer changes', async () => {
    const a = await readyApplicant();
    for (const p of pictures.slice(0, 4)) await sendPhoto(a, p);
    await a.user.pressButton('下一项：试用期考核合格证明 »');
    await a.expectMessage('请发送“试用期考核合格证明”的照片');
    await sendPhoto(a, pictures[4] as Uint8Array);
    await a.user.pressButton('下一项：医疗机构执业许可证副本 »');
    await a.expectMessage('请发送“医疗机构执业许可证副本”的照片');
    expect(await sendPhoto(a, pictures[5] as Uint8Array)).toContain('所有材料都已上传齐全');
    await a.user.pressButton('📨 提交审核');
    await a.expectMessage('已提交审核，材料已锁定');
    expect(await sendPhoto(a, pictures[12] as Uint8Array)).toContain('您的材料已提交，正在审核中');
    await a.user.sendText('/submit');
    await a.expectMessage('您的材料已经提交，正在审核中');
    const pressed = await a.user.pressButton('修改答案');
    expect((await a.user.waitForCallbackAnswer(pressed.callbackQueryId)).text).toContain('正在审核中');
    await a.user.sendText('/reset');
    await a.expectMessage('确定要清空');
    const reset = await a.user.pressButton('确定重新开始');
    expect((await a.user.waitForCallbackAnswer(reset.callbackQueryId)).text).toContain('正在审核中');
    await a.user.sendText('/status');
    expect(textOf(await a.expectMessage('材料状态'))).toContain('材料状态：已提交，已锁定');
  });

  it('answers a PDF, a video and a file over 20 MB with what to do instead', async () => {
    const a = await readyApplicant();
    await a.user.sendDocument(new TextEncoder().encode('%PDF-1.4'), {
      fileName: 'id.pdf',
      mimeType: 'application/pdf',
    });
    expect(textOf(await a.expectMessage(RESULT))).toContain('不接受 PDF');
    await a.user.sendVideo(3);
    expect(textOf(await a.expectMessage(RESULT))).toContain('不接受视频');
    await a.user.sendDocument(pictures[0] as Uint8Array, {
      fileName: 'huge.jpg',
      mimeType: 'image/jpeg',
      fileSize: 25 * 1024 * 1024,
    });
    expect(textOf(await a.expectMessage(RESULT))).toContain('文件太大');
  });

  it('asks to finish the questions before taking photos', async () => {
    const a = new ApplicantDriver(harness.emulator.createUser());
    await a.user.sendText('/start');
    await a.expectMessage('第 1 题');
    expect(await sendPhoto(a, pictures[0] as Uint8Array)).toContain('请先完成问答');
  });

  it('keeps accepted photos readable by the bot only, and deletes them with /delete_my_data', async () => {
    const a = await readyApplicant();
    await sendPhoto(a, pictures[0] as Uint8Array);
    const dir = join(harness.dataDir, 'photos', String(a.user.id));
    const [file] = readdirSync(dir);
    expect(statSync(join(dir, file as string)).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    await a.user.sendText('/delete_my_data');
    await a.expectMessage('确定要删除');
    await a.user.pressButton('确定删除');
    await a.expectMessage('您的全部信息已删除');
    expect(existsSync(dir)).toBe(false);
  });
});
