import { Markup, Telegraf } from 'telegraf';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type TestBotApiEmulator as BotApiEmulator,
  createTestBotApiEmulator,
} from '../../src/emulator/testing/test-bot-api-emulator.js';
import { pngBytes } from './png-fixture.js';

let emulator: BotApiEmulator;
let bot: Telegraf;
let running: Promise<void>;

beforeEach(async () => {
  emulator = createTestBotApiEmulator();
  const { apiRoot } = await emulator.start();
  bot = new Telegraf(emulator.botToken, { telegram: { apiRoot } });
  bot.start((ctx) =>
    ctx.reply('欢迎报名！', Markup.inlineKeyboard([Markup.button.callback('开始', 'begin')])),
  );
  bot.action('begin', async (ctx) => {
    await ctx.answerCbQuery('好的');
    await ctx.editMessageText('第一步：请上传照片');
  });
  bot.on('photo', async (ctx) => {
    // The round trip a photo check makes: getFile, download, then upload a result as multipart.
    const largest = ctx.message.photo.at(-1);
    if (!largest) return;
    const link = await ctx.telegram.getFileLink(largest.file_id);
    const bytes = Buffer.from(await (await fetch(link)).arrayBuffer());
    await ctx.replyWithPhoto(
      { source: bytes, filename: 'checked.png' },
      { caption: `收到 ${bytes.length} 字节` },
    );
  });
  running = bot.launch();
});

afterEach(async () => {
  bot.stop('test finished');
  await running;
  await emulator.stop();
});

describe('a real telegraf 4.16 bot against the emulator', () => {
  it('replies to /start and to a button press through long polling', async () => {
    const user = emulator.createUser({ firstName: '张三' });
    await user.sendText('/start');
    const welcome = await user.waitForMessage();
    expect(welcome.text).toBe('欢迎报名！');

    await user.pressButton('开始');
    const step = await user.waitForMessage((_message, kind) => kind === 'edited');
    expect(step.message_id).toBe(welcome.message_id);
    expect(step.text).toBe('第一步：请上传照片');
    expect(step.reply_markup).toBeUndefined();
    expect(await user.waitForCallbackAnswer()).toMatchObject({ text: '好的', showAlert: false });
  });

  it('downloads a user photo and uploads one back as multipart', async () => {
    const user = emulator.createUser();
    const png = pngBytes(640, 480);
    await user.sendPhoto([
      { bytes: pngBytes(90, 68), width: 90, height: 68 },
      { bytes: png, width: 640, height: 480 },
    ]);
    const reply = await user.waitForMessage((message) => message.photo !== undefined);
    expect(reply.caption).toBe(`收到 ${png.length} 字节`);
    expect(user.downloadSent(reply)).toEqual(png);
    await emulator.whenIdle();
    expect(emulator.pendingUpdates).toBe(0);
    expect(emulator.internalErrors()).toEqual([]);
  });
});
