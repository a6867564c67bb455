import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Message } from '../../src/emulator/bot-api-types.js';
import { describeWithPoppler, pdfText } from '../forms/poppler.js';
import { ApplicantDriver, textOf } from '../helpers/applicant-driver.js';
import { type BotHarness, startBotHarness } from '../helpers/bot-process.js';

// `/forms` (contracts §5): the PDF of each attached form in the applicant's checklist, the candidate's part
// filled from a short, skippable set of questions whose answers are stored like the others.
const ANNEX2 = '附件2_医师资格考试试用期考核证明.pdf';
const ANNEX4 = '附件4_临床实践训练经历满一年证明及个人承诺书.pdf';
const VALID_ID = '11010519491231002X';
const MISTYPED_ID = '110105194912310021';

let harness: BotHarness;
const pdfDir = mkdtempSync(join(tmpdir(), 'nmle-forms-e2e-'));
beforeAll(async () => {
  harness = await startBotHarness({ NMLE_CLOCK: '2020-03-25T09:00:00+08:00' });
}, 90_000);
afterAll(async () => {
  await harness?.close();
});

/** Does something and returns the PDF document named `name` the bot sent after it, written to a file. */
async function pdfAfter(a: ApplicantDriver, name: string, act: () => Promise<unknown>): Promise<string> {
  const after = a.user.cursor();
  await act();
  const message = await a.user.waitForMessage((m) => m.document?.file_name === name, {
    after,
    timeoutMs: 20_000,
  });
  const file = join(pdfDir, `${a.user.id}-${Date.now()}-${name}`);
  writeFileSync(file, a.user.downloadSent(message));
  return file;
}

/** Types a detail and waits for the bot's next word: the next question, a refusal, or the finished forms. */
async function typeDetail(a: ApplicantDriver, text: string): Promise<Message> {
  await a.user.sendText(text);
  return a.expectMessage(/表格信息|校验位|已按您的信息/);
}

async function bachelor(): Promise<ApplicantDriver> {
  const a = new ApplicantDriver(harness.emulator.createUser());
  await a.user.sendText('/start');
  await a.expectMessage('第 1 题');
  expect(textOf(await a.answer('执业医师', '临床', '本科', '否', '否', '否', 1))).toContain('您符合报考条件');
  return a;
}

describeWithPoppler('/forms', () => {
  it('sends a bachelor the blank 附件2 as a PDF, then fills it from their answers, refusing a mistyped ID number', async () => {
    const a = await bachelor();
    const blank = await pdfAfter(a, ANNEX2, () => a.user.sendText('/forms'));
    expect(pdfText(blank)).toContain('医师资格考试试用期考核证明');
    expect(pdfText(blank)).not.toContain('张三');
    await a.expectMessage('我可以先把您的个人信息');

    await a.user.pressButton('✍️ 填写个人信息');
    expect(textOf(await a.expectMessage('表格信息（1/9）'))).toContain('姓名');
    await typeDetail(a, '张三');
    await a.user.pressButton('男');
    await a.expectMessage('表格信息（3/9）');
    await typeDetail(a, '1996年7月');
    await typeDetail(a, '汉族');
    await typeDetail(a, '临床医学');
    await typeDetail(a, '本科');
    await typeDetail(a, '2019-06');
    expect(textOf(await typeDetail(a, MISTYPED_ID))).toContain('校验位对不上');
    await a.expectMessage('表格信息（8/9）');
    expect(textOf(await typeDetail(a, VALID_ID))).toContain('表格信息（9/9）');
    const filled = await pdfAfter(a, ANNEX2, () => typeDetail(a, '临床执业医师'));

    const text = pdfText(filled);
    for (const value of [
      '张三',
      '男',
      '1996年7月',
      '汉族',
      '临床医学',
      '本科',
      '2019年6月',
      VALID_ID,
      '临床执业医师',
    ])
      expect(text).toContain(value);
    expect(text).not.toContain(MISTYPED_ID);
    expect(harness.emulator.stats().errors).toEqual({});
  });

  it('sends a graduating postgraduate 附件4, and a second round keeps what was skipped', async () => {
    const a = new ApplicantDriver(harness.emulator.createUser());
    await a.user.sendText('/start');
    await a.expectMessage('第 1 题');
    const checklist = textOf(await a.answer('执业医师', '临床', '研究生', '毕业当年报考', '是', '否'));
    expect(checklist).toContain('临床实践训练经历满一年证明');
    const blank = await pdfAfter(a, ANNEX4, () => a.user.pressButton('🖨 领取附件表格（PDF）'));
    expect(pdfText(blank)).toContain('临床实践训练经历满一年证明');
    await a.expectMessage('我可以先把您的个人信息');

    await a.user.pressButton('✍️ 填写个人信息');
    await a.expectMessage('表格信息（1/5）');
    await typeDetail(a, '山东大学研究生院');
    const done = await pdfAfter(a, ANNEX4, () => a.user.pressButton('✅ 完成，生成表格'));
    expect(pdfText(done)).toContain('山东大学研究生院');
    await a.expectMessage('我可以先把您的个人信息');

    await a.user.pressButton('✍️ 修改已填信息');
    expect(textOf(await a.expectMessage('表格信息（1/5）'))).toContain('当前填写：山东大学研究生院');
    await a.user.pressButton('跳过 ⏭');
    await a.expectMessage('表格信息（2/5）');
    const again = await pdfAfter(a, ANNEX4, () => a.user.pressButton('✅ 完成，生成表格'));
    expect(pdfText(again)).toContain('山东大学研究生院');
  });

  it('answers an old Skip button as out of date, and removes the details with /delete_my_data', async () => {
    const a = await bachelor();
    await a.user.sendText('/forms');
    await a.expectMessage('我可以先把您的个人信息', 20_000);
    await a.user.pressButton('✍️ 填写个人信息');
    const first = await a.expectMessage('表格信息（1/9）');
    await typeDetail(a, '李四');
    const stale = await a.user.pressButton('跳过 ⏭', { messageId: first.message_id });
    expect((await a.user.waitForCallbackAnswer(stale.callbackQueryId)).text).toContain('过期');

    await a.user.sendText('/delete_my_data');
    await a.expectMessage('确定要删除');
    await a.user.pressButton('确定删除');
    await a.expectMessage('您的全部信息已删除');
    await a.user.sendText('/forms');
    await a.expectMessage('问答还没有完成');
    await a.expectMessage('第 1 题');
    expect(textOf(await a.answer('执业医师', '临床', '本科', '否', '否', '否', 1))).toContain(
      '您符合报考条件',
    );
    const blank = await pdfAfter(a, ANNEX2, () => a.user.sendText('/forms'));
    expect(pdfText(blank)).not.toContain('李四');
    // Nothing filled is left: the offer is to fill, not to change.
    const offer = await a.expectMessage('我可以先把您的个人信息');
    expect(offer.reply_markup?.inline_keyboard.flat().map((b) => b.text)).toEqual(['✍️ 填写个人信息']);
  });
});
