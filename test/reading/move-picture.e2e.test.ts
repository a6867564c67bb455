import { afterAll, beforeAll, expect, it } from 'vitest';
import { ApplicantDriver, textOf } from '../helpers/applicant-driver.js';
import { type BotHarness, startBotHarness } from '../helpers/bot-process.js';
import { sendPicture } from '../helpers/mentorship-applicant.js';
import { photographDocument } from './fixtures/labelled-reading-set.js';
import { DOCUMENT_KINDS, holderOf } from './fixtures/material-documents.js';
import { describeWithTesseract } from './tesseract.js';

const ID = '有效身份证明（正反面及本人手持照片）';
const REVIEWER = 9_000_001;
/** Tesseract runs at a low priority beside the bot: on a busy machine a read can take a while. */
const READ_TIMEOUT_MS = 60_000;

async function documentPhoto(name: string, valid = true): Promise<Uint8Array> {
  const kind = DOCUMENT_KINDS.find((k) => k.name === name);
  if (!kind) throw new Error(`no drawing ${name}`);
  return photographDocument(kind, holderOf(4, valid), 4, 'telegram');
}

describeWithTesseract('the bot reads an accepted picture, end to end', () => {
  let harness: BotHarness;
  let diploma: Uint8Array;
  let mistypedId: Uint8Array;
  beforeAll(async () => {
    [harness, diploma, mistypedId] = await Promise.all([
      startBotHarness({
        NMLE_CLOCK: '2020-03-25T09:00:00+08:00',
        REVIEWER_IDS: String(REVIEWER),
        DOCUMENT_READER: 'tesseract',
      }),
      documentPhoto('diploma'),
      documentPhoto('id-front', false),
    ]);
  }, 90_000);
  afterAll(async () => {
    await harness?.close();
  });

  /** A clinical bachelor: ID card (3), diploma (1–2), probation certificate, institution licence. */
  async function bachelor(): Promise<ApplicantDriver> {
    const a = new ApplicantDriver(harness.emulator.createUser());
    await a.user.sendText('/start');
    await a.expectMessage('第 1 题');
    expect(textOf(await a.answer('执业医师', '临床', '本科', '否', '否', '否', 1))).toContain(
      '您符合报考条件',
    );
    return a;
  }

  it('asks once about a diploma sent under 身份证, moves it on a tap, and the counts follow', async () => {
    const a = await bachelor();
    expect(await sendPicture(a, diploma)).toBe(`✅ 已收到：${ID} 1/3`);
    const question = await a.expectMessage('这张看起来是毕业证，不是有效身份证明。', READ_TIMEOUT_MS);
    expect(question.reply_markup?.inline_keyboard.flat().map((b) => b.text)).toEqual([
      '放到毕业证下',
      '仍放在有效身份证明下',
    ]);
    const move = await a.user.pressButton('放到毕业证下');
    expect(textOf(await a.expectMessage('已放到'))).toBe(
      '已放到毕业证下（1/2）。有效身份证明现在有 0/3 张。',
    );
    await a.user.waitForCallbackAnswer(move.callbackQueryId);
    await a.user.sendText('/status');
    const status = textOf(await a.expectMessage('材料状态'));
    expect(status).toContain(`${ID} 0/3`);
    expect(status).toContain('毕业证 1/2');
    // The same button again (an old message): answered, and nothing moves.
    const again = await a.user.pressCallbackData(question.message_id, move.button?.callback_data ?? '');
    expect((await a.user.waitForCallbackAnswer(again.callbackQueryId)).text).toContain('已经在毕业证下');
  }, 120_000);

  it('points out an ID number that cannot be right, saying what to check, and shows it to the reviewer', async () => {
    const a = await bachelor();
    expect(await sendPicture(a, mistypedId)).toBe(`✅ 已收到：${ID} 1/3`);
    const warning = textOf(await a.expectMessage('校验位不符', READ_TIMEOUT_MS));
    expect(warning).toContain('请核对证件上的号码');
    const reviewer = new ApplicantDriver(harness.emulator.createUser({ id: REVIEWER }));
    await reviewer.user.sendText(`/review ${a.user.id}`);
    const view = textOf(await reviewer.expectMessage(`申请人 ${a.user.id} 的材料`, 20_000));
    expect(view).toContain(`${ID}：1/3\n⚠️ 第1张上的身份证号码校验位不符`);
  }, 120_000);
});
