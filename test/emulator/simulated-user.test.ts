import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Message, Update } from '../../src/emulator/bot-api-types.js';
import {
  type TestBotApiEmulator as BotApiEmulator,
  createTestBotApiEmulator,
} from '../../src/emulator/testing/test-bot-api-emulator.js';
import { callBotApi, resultOf } from './bot-api-call.js';

let emulator: BotApiEmulator;
let apiRoot: string;

/** Acts as the bot over HTTP. */
const bot = async <T = Message>(method: string, params: Record<string, unknown>): Promise<T> =>
  resultOf<T>(await callBotApi(apiRoot, emulator.botToken, method, params));

beforeEach(async () => {
  emulator = createTestBotApiEmulator();
  ({ apiRoot } = await emulator.start());
});

afterEach(async () => {
  await emulator.stop();
});

describe('sending as a user', () => {
  it('marks a command with its payload as a bot_command entity at offset 0', async () => {
    const user = emulator.createUser({ languageCode: 'en' });
    const message = await user.sendText('/start ref_2025');
    expect(message.entities).toEqual([{ type: 'bot_command', offset: 0, length: 6 }]);
    expect(message.from?.language_code).toBe('en');
    expect(message.chat).toMatchObject({ id: user.id, type: 'private' });
  });

  it('queues an edited_message update when the user edits their last text', async () => {
    const user = emulator.createUser();
    await user.sendText('张三');
    await user.editLastText('张叁');
    const updates = await bot<Update[]>('getUpdates', {});
    expect(updates.map((update) => update.message?.text ?? update.edited_message?.text)).toEqual([
      '张三',
      '张叁',
    ]);
    expect(updates[1]?.edited_message?.edit_date).toBeTypeOf('number');
  });

  it('sends stickers, voice, video and locations as Telegram clients do', async () => {
    const user = emulator.createUser();
    const sticker = await user.sendSticker('😀');
    const voice = await user.sendVoice(4);
    const video = await user.sendVideo();
    const location = await user.sendLocation(39.9, 116.4);
    expect(sticker.sticker?.emoji).toBe('😀');
    expect(voice.voice?.duration).toBe(4);
    expect(video.video?.mime_type).toBe('video/mp4');
    expect(location.location).toEqual({ latitude: 39.9, longitude: 116.4 });
  });
});

describe('waiting for the bot', () => {
  it('finds a reply that arrived before waitForMessage was called', async () => {
    const user = emulator.createUser();
    await user.sendText('/start');
    await bot('sendMessage', { chat_id: user.chatId, text: '欢迎' });
    const reply = await user.waitForMessage();
    expect(reply.text).toBe('欢迎');
  });

  it('moves past each returned message, so consecutive waits see consecutive replies', async () => {
    const user = emulator.createUser();
    await user.sendText('/start');
    await bot('sendMessage', { chat_id: user.chatId, text: 'one' });
    await bot('sendMessage', { chat_id: user.chatId, text: 'two' });
    expect((await user.waitForMessage()).text).toBe('one');
    expect((await user.waitForMessage()).text).toBe('two');
  });

  it('counts only activity after a cursor taken earlier', async () => {
    const user = emulator.createUser();
    await bot('sendMessage', { chat_id: user.chatId, text: 'before' });
    const cursor = user.cursor();
    const waiting = user.waitForMessage(undefined, { after: cursor });
    await bot('sendMessage', { chat_id: user.chatId, text: 'after' });
    expect((await waiting).text).toBe('after');
  });

  it('sees an edit of an earlier message as the message in its edited state', async () => {
    const user = emulator.createUser();
    const sent = await bot('sendMessage', { chat_id: user.chatId, text: '处理中…' });
    await user.sendText('ok');
    await bot('editMessageText', { chat_id: user.chatId, message_id: sent.message_id, text: '处理完成' });
    const edited = await user.waitForMessage((_message, kind) => kind === 'edited');
    expect(edited).toMatchObject({ message_id: sent.message_id, text: '处理完成' });
    expect(user.messages().map((message) => message.text)).toEqual(['处理完成']);
  });

  it('rejects after the timeout, listing the last bot messages in the chat', async () => {
    const user = emulator.createUser();
    await bot('sendMessage', {
      chat_id: user.chatId,
      text: '请选择考试类别',
      reply_markup: { inline_keyboard: [[{ text: '临床', callback_data: 'c' }]] },
    });
    await user.sendText('hello');
    await expect(
      user.waitForMessage((message) => message.text === 'never', { timeoutMs: 50 }),
    ).rejects.toThrow(/no bot message matching the predicate[\s\S]*请选择考试类别.*buttons: \[临床\]/);
  });
});

describe('pressing buttons', () => {
  it("presses the newest message's button and sends its callback_data", async () => {
    const user = emulator.createUser();
    const keyboard = (data: string) => ({ inline_keyboard: [[{ text: '确认', callback_data: data }]] });
    await bot('sendMessage', { chat_id: user.chatId, text: 'old', reply_markup: keyboard('old') });
    const newest = await bot('sendMessage', {
      chat_id: user.chatId,
      text: 'new',
      reply_markup: keyboard('new'),
    });
    const press = await user.pressButton('确认');
    expect(press).toMatchObject({ data: 'new', message: { message_id: newest.message_id } });
    const [update] = await bot<Update[]>('getUpdates', {});
    expect(update?.callback_query).toMatchObject({
      id: press.callbackQueryId,
      data: 'new',
      from: { id: user.id },
    });
  });

  it('sends tampered callback data that no button carries', async () => {
    const user = emulator.createUser();
    const sent = await bot('sendMessage', { chat_id: user.chatId, text: 'x' });
    const press = await user.pressCallbackData(sent.message_id, 'admin:approve:all');
    const [update] = await bot<Update[]>('getUpdates', {});
    expect(update?.callback_query?.data).toBe('admin:approve:all');
    await bot('answerCallbackQuery', {
      callback_query_id: press.callbackQueryId,
      text: '无效操作',
      show_alert: true,
    });
    expect(user.callbackAnswers()).toEqual([
      { callbackQueryId: press.callbackQueryId, text: '无效操作', showAlert: true },
    ]);
  });

  it('names the buttons on offer when none matches', async () => {
    const user = emulator.createUser();
    await bot('sendMessage', {
      chat_id: user.chatId,
      text: '下一步？',
      reply_markup: {
        inline_keyboard: [
          [
            { text: '是', callback_data: 'y' },
            { text: '否', callback_data: 'n' },
          ],
        ],
      },
    });
    await expect(user.pressButton('也许')).rejects.toThrow(/"也许"[\s\S]*buttons: \[是 \| 否\]/);
  });
});

describe('groups', () => {
  it('delivers group messages with the group chat and reads the bot replies there', async () => {
    const group = emulator.createGroup({ title: '备考群' });
    const member = emulator.createUser();
    const sent = await group.sendText(member, `/help@${emulator.botUser.username}`);
    expect(sent.chat).toMatchObject({ id: group.chatId, type: 'supergroup', title: '备考群' });
    expect(sent.entities?.[0]).toMatchObject({ type: 'bot_command', offset: 0 });
    await bot('sendMessage', { chat_id: group.chatId, text: '请私聊我' });
    expect((await group.waitForMessage()).text).toBe('请私聊我');
    expect(member.messages()).toEqual([]);
  });
});
