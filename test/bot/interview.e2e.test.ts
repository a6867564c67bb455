import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApplicantDriver, textOf } from '../helpers/applicant-driver.js';
import { type BotHarness, startBotHarness } from '../helpers/bot-process.js';
import { waitUntil } from '../helpers/wait-until.js';

// 25 March 2020, 09:00 in Weihai: the review window (20–31 March) is open with 7 days left.
const CLOCK = '2020-03-25T09:00:00+08:00';

let harness: BotHarness;
beforeAll(async () => {
  harness = await startBotHarness({ NMLE_CLOCK: CLOCK });
});
afterAll(async () => {
  await harness?.close();
});

async function newApplicant(): Promise<ApplicantDriver> {
  const applicant = new ApplicantDriver(harness.emulator.createUser({ languageCode: 'zh-hans' }));
  await applicant.user.sendText('/start');
  const first = textOf(await applicant.expectMessage('第 1 题'));
  expect(first).toContain('资格审核助手');
  return applicant;
}

describe('the guidance conversation, end to end through the Bot API', () => {
  it('guides a 专升本 bachelor to the physician checklist with the junior college diploma', async () => {
    const a = await newApplicant();
    const checklist = textOf(await a.answer('执业医师', '临床', '本科', '是', '否', '否', 1));
    expect(checklist).toContain('（一） 本科学历报考执业医师');
    expect(checklist).toContain('您符合报考条件');
    expect(checklist).toContain('有效身份证明（正反面及本人手持照片） — 3 张照片');
    expect(checklist).toContain('专科毕业证书（专升本）');
    expect(checklist).toContain('附件2《医师资格考试试用期考核证明》');
    expect(checklist).toContain('还剩 7 天');
    expect(checklist).toContain('0631-5300004');
    expect(checklist).not.toContain('0631-5310880');
  });

  it('tells a 中专 assistant with 4 years of practice why they cannot apply for physician, with the helpline', async () => {
    const a = await newApplicant();
    const verdict = textOf(await a.answer('执业医师', '中医', '中专', '是', 4));
    expect(verdict).toContain('暂不符合报考条件');
    expect(verdict).toContain('满五年，您填写的是 4 年');
    expect(verdict).toContain('0631-5310880');
  });

  it('refuses a graduating postgraduate of a school outside Shandong', async () => {
    const a = await newApplicant();
    const verdict = textOf(await a.answer('执业医师', '临床', '研究生', '毕业当年报考', '否'));
    expect(verdict).toContain('外省应届研究生不予受理报名申请');
  });

  it('asks for the temporary ID and gives the 30-day rule when the ID card is lost', async () => {
    const a = await newApplicant();
    const checklist = textOf(await a.answer('师承和确有专长助理医师', '是', 2));
    expect(checklist).toContain('临时身份证（身份证丢失时，户籍所在地公安部门开具）');
    expect(checklist).toContain('30日内');
    expect(checklist).toContain('试用期考核合格证明</b> — 2 份，2–4 张照片'.replace('</b>', ''));
  });

  it('re-asks a number it cannot read', async () => {
    const a = await newApplicant();
    await a.answer('执业医师', '临床', '大专', '是');
    await a.user.sendText('好几年');
    await a.expectMessage('没有看懂这个数字');
    const next = textOf(await a.type('３'));
    expect(next).toContain('毕业证书丢失');
  });

  it('goes back one question, and changes one earlier answer without starting over', async () => {
    const a = await newApplicant();
    await a.answer('执业医师', '临床');
    const again = textOf(await a.choose('« 上一步'));
    expect(again).toContain('第 2 题');
    const first = textOf(await a.answer('中医', '本科', '否', '否', '否', 1));
    expect(first).toContain('（一）');

    await a.user.pressButton('修改答案');
    await a.expectMessage('请选择要修改的问题');
    await a.user.pressButton('最高医学学历：本科');
    await a.expectMessage('您的最高医学学历是？');
    const changed = textOf(await a.answer('大专', '是', 2));
    expect(changed).toContain('毕业证书丢失');
    const checklist = textOf(await a.answer('否', '否', 1));
    expect(checklist).toContain('（二） 大专学历已取得执业助理医师资格报考执业医师');
    expect(checklist).toContain('0631-5310880');
  });

  it('switches to English and asks the rest in English', async () => {
    const a = await newApplicant();
    await a.choose('执业助理医师');
    await a.user.sendText('/lang');
    await a.expectMessage('Choose a language');
    await a.user.pressButton('English');
    await a.expectMessage('Switched to English.');
    await a.expectMessage('Which category?');
    const checklist = textOf(
      await a.answer(
        'Clinical medicine',
        'Junior college (大专)',
        'Rural medicine (农村医学)',
        'No',
        'No',
        1,
      ),
    );
    expect(checklist).toContain('You are eligible to apply.');
    expect(checklist).toContain('Village doctor certificate');
    await a.user.sendText('/help');
    expect(textOf(await a.expectMessage('/delete_my_data'))).toContain('/delete_my_data Delete my data');
  });

  it('deletes everything about the applicant on /delete_my_data, after confirming', async () => {
    const a = await newApplicant();
    await a.answer('执业医师', '临床');
    await a.user.sendText('/delete_my_data');
    await a.expectMessage('确定要删除');
    await a.user.pressButton('确定删除');
    await a.expectMessage('您的全部信息已删除');
    await a.user.sendText('/status');
    await a.expectMessage('您还没有回答任何问题');
  });

  it('applies two updates of one applicant arriving together', async () => {
    const a = await newApplicant();
    await a.choose('执业医师');
    await a.user.sendText('/lang');
    await a.expectMessage('Choose a language');
    await Promise.all([a.user.pressButton('临床'), a.user.pressButton('English')]);
    await a.expectMessage('Switched to English.');
    await harness.emulator.whenIdle();
    await a.user.sendText('/status');
    const status = textOf(await a.expectMessage('Your answers'));
    expect(status).toContain('Exam category: Clinical medicine');
    expect(status).toContain('Exam applied for: Licensed physician');
  });
});

describe('bad input', () => {
  it('answers a button from an old message as out of date and changes nothing', async () => {
    const a = await newApplicant();
    const firstQuestion = a.user.lastMessage();
    const oldData = firstQuestion?.reply_markup?.inline_keyboard
      .flat()
      .find((b) => b.text === '执业助理医师');
    await a.answer('执业医师', '临床');
    // A client can still show an old keyboard (a second device, a failed edit): press what it showed.
    const pressed = await a.user.pressCallbackData(
      firstQuestion?.message_id ?? 0,
      String(oldData && 'callback_data' in oldData ? oldData.callback_data : ''),
    );
    const answer = await a.user.waitForCallbackAnswer(pressed.callbackQueryId);
    expect(answer.text).toContain('已过期');
    await a.user.sendText('/status');
    expect(textOf(await a.expectMessage('您的回答'))).toContain('报考类别：执业医师');
  });

  it('refuses a button pressed after /reset', async () => {
    const a = await newApplicant();
    await a.choose('执业医师');
    const question = a.user.lastMessage();
    await a.user.sendText('/reset');
    await a.expectMessage('确定要清空');
    await a.user.pressButton('确定重新开始');
    await a.expectMessage('第 1 题');
    const pressed = await a.user.pressButton('临床', { messageId: question?.message_id });
    expect((await a.user.waitForCallbackAnswer(pressed.callbackQueryId)).text).toContain('已过期');
  });

  it.each(['zz:1', 'a:0:0:99', `a:${'9'.repeat(60)}`, 'r:abc:y'])(
    'refuses tampered callback data %j',
    async (data) => {
      const a = await newApplicant();
      const question = a.user.lastMessage();
      const pressed = await a.user.pressCallbackData(question?.message_id ?? 0, data);
      const answer = await a.user.waitForCallbackAnswer(pressed.callbackQueryId);
      expect(answer.text).toMatch(/无法识别|已过期/);
      const next = textOf(await a.choose('执业医师'));
      expect(next).toContain('第 2 题');
    },
  );

  it('answers a sticker, a voice note and a location with a hint, and keeps the interview', async () => {
    const a = await newApplicant();
    await a.user.sendSticker();
    await a.expectMessage('我只能读懂文字和按钮');
    await a.user.sendVoice();
    await a.expectMessage('我只能读懂文字和按钮');
    await a.user.sendLocation(37.5, 122.1);
    await a.expectMessage('我只能读懂文字和按钮');
    expect(textOf(await a.choose('执业医师'))).toContain('第 2 题');
  });

  it('asks to use buttons when text is typed for a choice', async () => {
    const a = await newApplicant();
    await a.user.sendText('医师');
    await a.expectMessage('请点击问题下方的按钮作答');
  });

  it('tells an edited message does not change the answer', async () => {
    const a = await newApplicant();
    await a.answer('执业医师', '临床', '大专', '是', 2);
    await a.user.editLastText('5');
    await a.expectMessage('修改已发送的消息不会改变您的回答');
  });

  it('talks only in private chats', async () => {
    const group = harness.emulator.createGroup();
    const member = harness.emulator.createUser();
    await group.sendText(member.user, '/start');
    const reply = await group.waitForMessage(undefined, { timeoutMs: 10_000 });
    expect(reply.text).toContain('请私聊我');
  });

  it('keeps serving others when an applicant has blocked the bot', async () => {
    const blocked = await newApplicant();
    blocked.user.blockBot();
    harness.emulator.queueRaw({
      callback_query: {
        id: 'blocked-press',
        from: blocked.user.user,
        chat_instance: '1',
        data: 'zz',
        message: blocked.user.lastMessage(),
      },
    } as never);
    const other = await newApplicant();
    expect(textOf(await other.choose('执业医师'))).toContain('第 2 题');
  });
});

describe('the bot process', () => {
  it('registers its command menu in Chinese by default and in English', async () => {
    // The menu is registered in the background after ready (a refused setMyCommands must not stop the bot).
    await waitUntil('the menus are registered', () =>
      [undefined, 'en'].every((languageCode) => harness.emulator.commands({ languageCode }) !== undefined),
    );
    const zh = harness.emulator.commands();
    const en = harness.emulator.commands({ languageCode: 'en' });
    expect(zh?.map((c) => c.command)).toEqual([
      'start',
      'checklist',
      'upload',
      'submit',
      'files',
      'forms',
      'status',
      'help',
      'lang',
      'reset',
      'delete_my_data',
    ]);
    expect(zh?.[0]?.description).toBe('开始或继续问答');
    expect(en?.[0]?.description).toBe('Start or continue');
  });

  it('logs nothing an applicant typed', () => {
    expect(harness.bot.stderr()).not.toContain('好几年');
    expect(harness.bot.stderr()).not.toContain(harness.emulator.botToken);
  });
});
