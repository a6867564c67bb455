import { expect } from 'vitest';
import type { BotApiEmulator } from '../../src/emulator/bot-api-emulator.js';
import { ApplicantDriver, textOf } from './applicant-driver.js';
import { asTelegramPhoto } from './telegram-photos.js';

/** Every answer the bot gives to a picture, accepted or not. */
export const PICTURE_ANSWER =
  /已收到|已替换|没有保存|已经上传过|已达上限|正在审核中|不接受|文件太大|请先完成问答|请先选择这张照片|审核尚未开始|本次审核已于/;

/** Sends a picture as Telegram delivers a photo and returns the bot's answer to it. */
export async function sendPicture(a: ApplicantDriver, bytes: Uint8Array): Promise<string> {
  await a.user.sendPhoto(await asTelegramPhoto(bytes));
  return textOf(await a.expectMessage(PICTURE_ANSWER, 20_000));
}

/**
 * An applicant through the interview on the shortest route, 师承和确有专长 (（七）): 3 ID pictures, then three
 * materials of 1–2 pictures each (or more with `institutions`).
 */
export async function mentorshipApplicant(
  emulator: BotApiEmulator,
  institutions = 1,
): Promise<ApplicantDriver> {
  const a = new ApplicantDriver(emulator.createUser());
  await a.user.sendText('/start');
  await a.expectMessage('第 1 题');
  expect(textOf(await a.answer('师承和确有专长助理医师', '否', institutions))).toContain('您符合报考条件');
  return a;
}

/** A mentorship applicant whose complete dossier (six distinct pictures) is submitted. */
export async function submittedMentorshipApplicant(
  emulator: BotApiEmulator,
  pictures: readonly Uint8Array[],
): Promise<ApplicantDriver> {
  const a = await mentorshipApplicant(emulator);
  for (const p of pictures.slice(0, 4)) await sendPicture(a, p);
  await a.user.pressButton('下一项：试用期考核合格证明 »');
  await a.expectMessage('请发送“试用期考核合格证明”的照片');
  await sendPicture(a, pictures[4] as Uint8Array);
  await a.user.pressButton('下一项：医疗机构执业许可证副本 »');
  await a.expectMessage('请发送“医疗机构执业许可证副本”的照片');
  await sendPicture(a, pictures[5] as Uint8Array);
  await a.user.sendText('/submit');
  await a.expectMessage('已提交审核');
  return a;
}
