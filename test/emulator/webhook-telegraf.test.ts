import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Markup, Telegraf } from 'telegraf';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createTestBotApiEmulator,
  type TestBotApiEmulator,
} from '../../src/emulator/testing/test-bot-api-emulator.js';
import { callBotApi } from './bot-api-call.js';

const SECRET = 'telegraf-webhook-secret';

let emulator: TestBotApiEmulator;
let server: Server | undefined;

/** A telegraf bot in webhook mode behind node:http, which sets its own webhook on the emulator. */
async function startWebhookBot(webhookReply: boolean): Promise<void> {
  emulator = createTestBotApiEmulator();
  const { apiRoot } = await emulator.start();
  const bot = new Telegraf(emulator.botToken, { telegram: { apiRoot, webhookReply } });
  bot.start((ctx) =>
    ctx.reply('欢迎报名！', Markup.inlineKeyboard([Markup.button.callback('开始', 'begin')])),
  );
  bot.action('begin', async (ctx) => {
    await ctx.answerCbQuery('好的');
    await ctx.editMessageText('第一步：请上传照片');
  });
  server = createServer(bot.webhookCallback('/telegram', { secretToken: SECRET }));
  const listening = server;
  await new Promise<void>((resolve) => listening.listen(0, '127.0.0.1', resolve));
  const { port } = listening.address() as AddressInfo;
  await bot.telegram.setWebhook(`http://127.0.0.1:${port}/telegram`, { secret_token: SECRET });
}

afterEach(async () => {
  await emulator.stop();
  const listening = server;
  server = undefined;
  if (listening) {
    const closed = new Promise((resolve) => listening.close(resolve));
    listening.closeAllConnections();
    await closed;
  }
});

describe('a real telegraf bot in webhook mode against the emulator', () => {
  it('answers /start and a button press delivered by webhook', async () => {
    await startWebhookBot(false);
    const user = emulator.createUser({ firstName: '张三' });
    await user.sendText('/start');
    const welcome = await user.waitForMessage();
    expect(welcome.text).toBe('欢迎报名！');

    await user.pressButton('开始');
    const step = await user.waitForMessage((_message, kind) => kind === 'edited');
    expect(step.message_id).toBe(welcome.message_id);
    expect(step.text).toBe('第一步：请上传照片');
    expect(await user.waitForCallbackAnswer()).toMatchObject({ text: '好的' });
    await emulator.whenIdle();

    expect(emulator.pendingUpdates).toBe(0);
    expect(emulator.webhookStats()).toMatchObject({ deliveries: 2, failures: 0, maxInFlightPerQueue: 1 });
    const polled = await callBotApi(emulator.apiRoot, emulator.botToken, 'getUpdates');
    expect(polled.status).toBe(409);
    expect(emulator.internalErrors()).toEqual([]);
  });

  it("carries out telegraf's webhook reply (the first call sent back in the answer)", async () => {
    await startWebhookBot(true);
    const user = emulator.createUser();
    await user.sendText('/start');
    expect((await user.waitForMessage()).text).toBe('欢迎报名！');
    await emulator.whenIdle();
    // Telegraf sent the reply in its webhook answer; without the emulator running it, no message would come.
    expect(emulator.callCount('sendMessage')).toBe(1);
    expect(emulator.internalErrors()).toEqual([]);
  });
});
