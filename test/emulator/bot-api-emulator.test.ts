import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Message, PhotoSize, TelegramFile, Update } from '../../src/emulator/bot-api-types.js';
import {
  type TestBotApiEmulator as BotApiEmulator,
  createTestBotApiEmulator,
} from '../../src/emulator/testing/test-bot-api-emulator.js';
import { callBotApi, callBotApiMultipart, resultOf } from './bot-api-call.js';
import { pngBytes } from './png-fixture.js';

let emulator: BotApiEmulator;
let apiRoot: string;
let token: string;

const call = (method: string, params?: Record<string, unknown>) => callBotApi(apiRoot, token, method, params);

beforeEach(async () => {
  emulator = createTestBotApiEmulator();
  ({ apiRoot } = await emulator.start());
  token = emulator.botToken;
});

afterEach(async () => {
  await emulator.stop();
});

describe('long polling', () => {
  it('answers a parked getUpdates as soon as an update is queued', async () => {
    const user = emulator.createUser();
    const started = Date.now();
    const poll = call('getUpdates', { timeout: 10 });
    setTimeout(() => void user.sendText('你好'), 50);
    const updates = resultOf<Update[]>(await poll);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(updates.map((update) => update.message?.text)).toEqual(['你好']);
  });

  it('answers an empty batch when the timeout passes with nothing queued', async () => {
    const started = Date.now();
    const updates = resultOf<Update[]>(await call('getUpdates', { timeout: 1 }));
    expect(updates).toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('keeps updates until a getUpdates offset above their id confirms them', async () => {
    const user = emulator.createUser();
    await user.sendText('one');
    await user.sendText('two');
    const first = resultOf<Update[]>(await call('getUpdates'));
    const again = resultOf<Update[]>(await call('getUpdates', { offset: 0 }));
    expect(again.map((update) => update.update_id)).toEqual(first.map((update) => update.update_id));
    const lastId = first.at(-1)?.update_id ?? 0;
    expect(resultOf<Update[]>(await call('getUpdates', { offset: lastId }))).toHaveLength(1);
    expect(resultOf<Update[]>(await call('getUpdates', { offset: lastId + 1 }))).toEqual([]);
    expect(emulator.pendingUpdates).toBe(0);
  });

  it('ends the earlier long poll with 409 Conflict when a second getUpdates arrives', async () => {
    const user = emulator.createUser();
    const earlier = call('getUpdates', { timeout: 10 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const later = call('getUpdates', { timeout: 10 });
    const refused = await earlier;
    expect(refused.status).toBe(409);
    expect(refused.body.description).toBe(
      'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
    );
    await user.sendText('still delivered');
    expect(resultOf<Update[]>(await later)).toHaveLength(1);
  });

  it('delivers an album sent out of order in one getUpdates batch', async () => {
    const user = emulator.createUser();
    const poll = call('getUpdates', { timeout: 10 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const photo = (side: number) => [{ bytes: pngBytes(side, side), width: side, height: side }];
    const sent = await user.sendAlbum(
      [
        { type: 'photo', sizes: photo(10), caption: '身份证正面' },
        { type: 'photo', sizes: photo(11) },
        { type: 'photo', sizes: photo(12) },
      ],
      { order: [2, 0, 1] },
    );
    const updates = resultOf<Update[]>(await poll);
    expect(updates.map((update) => update.message?.message_id)).toEqual([
      sent[2]?.message_id,
      sent[0]?.message_id,
      sent[1]?.message_id,
    ]);
    expect(new Set(updates.map((update) => update.message?.media_group_id)).size).toBe(1);
    expect(updates[1]?.message?.caption).toBe('身份证正面');
  });
});

describe('what Telegram refuses', () => {
  const keyboard = (data: string) => ({ inline_keyboard: [[{ text: 'go', callback_data: data }]] });

  it('refuses callback_data over 64 bytes of UTF-8, counting a Chinese character as three', async () => {
    const user = emulator.createUser();
    const send = (data: string) =>
      call('sendMessage', { chat_id: user.chatId, text: 'x', reply_markup: keyboard(data) });
    expect((await send('a'.repeat(64))).body.ok).toBe(true);
    expect((await send('考'.repeat(21))).body.ok).toBe(true);
    const ascii = await send('a'.repeat(65));
    const chinese = await send('考'.repeat(22));
    for (const refused of [ascii, chinese]) {
      expect(refused.status).toBe(400);
      expect(refused.body.description).toBe('Bad Request: BUTTON_DATA_INVALID');
    }
  });

  it('refuses text over 4096 characters after entity parsing, and empty text', async () => {
    const user = emulator.createUser();
    const long = await call('sendMessage', { chat_id: user.chatId, text: '字'.repeat(4097) });
    expect(long.body).toMatchObject({
      ok: false,
      error_code: 400,
      description: 'Bad Request: message is too long',
    });
    const marked = await call('sendMessage', {
      chat_id: user.chatId,
      text: `<b>${'字'.repeat(4096)}</b>`,
      parse_mode: 'HTML',
    });
    expect(marked.body.ok).toBe(true);
    const blank = await call('sendMessage', { chat_id: user.chatId, text: '  \n ' });
    expect(blank.body.description).toBe('Bad Request: message text is empty');
  });

  it('refuses a caption over 1024 characters', async () => {
    const user = emulator.createUser();
    const form = new FormData();
    form.set('chat_id', String(user.chatId));
    form.set('caption', 'c'.repeat(1025));
    form.set('photo', new Blob([pngBytes(4, 4)]), 'p.png');
    const refused = await callBotApiMultipart(apiRoot, token, 'sendPhoto', form);
    expect(refused.body.description).toBe('Bad Request: message caption is too long');
  });

  it('refuses an unknown chat', async () => {
    const refused = await call('sendMessage', { chat_id: 424242, text: 'hello' });
    expect(refused.status).toBe(400);
    expect(refused.body.description).toBe('Bad Request: chat not found');
  });

  it('refuses an edit that changes neither text nor keyboard, and accepts one that changes the keyboard', async () => {
    const user = emulator.createUser();
    const sent = resultOf<Message>(
      await call('sendMessage', { chat_id: user.chatId, text: '请选择', reply_markup: keyboard('a') }),
    );
    const edit = (markup: unknown) =>
      call('editMessageText', {
        chat_id: user.chatId,
        message_id: sent.message_id,
        text: '请选择',
        reply_markup: markup,
      });
    const same = await edit(keyboard('a'));
    expect(same.body.description).toBe(
      'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
    );
    expect((await edit(keyboard('b'))).body.ok).toBe(true);
  });

  it('drops the keyboard when editMessageText is called without reply_markup, as Telegram does', async () => {
    const user = emulator.createUser();
    const sent = resultOf<Message>(
      await call('sendMessage', { chat_id: user.chatId, text: '请选择', reply_markup: keyboard('a') }),
    );
    const edited = resultOf<Message>(
      await call('editMessageText', { chat_id: user.chatId, message_id: sent.message_id, text: '请选择' }),
    );
    expect(edited.reply_markup).toBeUndefined();
    expect(user.lastMessage()?.reply_markup).toBeUndefined();
  });

  it('refuses to edit a message that does not exist', async () => {
    const user = emulator.createUser();
    const refused = await call('editMessageText', { chat_id: user.chatId, message_id: 999, text: 'x' });
    expect(refused.body.description).toBe('Bad Request: message to edit not found');
  });

  it('refuses HTML with unbalanced or unsupported tags, naming the place like Telegram', async () => {
    const user = emulator.createUser();
    const send = (text: string) => call('sendMessage', { chat_id: user.chatId, text, parse_mode: 'HTML' });
    expect((await send('<b>材料')).body.description).toBe(
      'Bad Request: can\'t parse entities: Can\'t find end tag corresponding to start tag "b"',
    );
    expect((await send('第一行<br>第二行')).body.description).toBe(
      'Bad Request: can\'t parse entities: Unsupported start tag "br" at byte offset 9',
    );
    expect((await send('<b>粗<i>斜</b></i>')).body.description).toBe(
      'Bad Request: can\'t parse entities: Unmatched end tag at byte offset 12, expected "</i>", found "</b>"',
    );
  });

  it('turns supported HTML into entities counted in UTF-16 code units', async () => {
    const user = emulator.createUser();
    const sent = resultOf<Message>(
      await call('sendMessage', {
        chat_id: user.chatId,
        text: '📷 请上传<b>身份证</b> &lt;正面&gt; <a href="https://example.org/guide">指南</a>',
        parse_mode: 'HTML',
      }),
    );
    expect(sent.text).toBe('📷 请上传身份证 <正面> 指南');
    expect(sent.entities).toEqual([
      { type: 'bold', offset: 6, length: 3 },
      { type: 'text_link', offset: 15, length: 2, url: 'https://example.org/guide' },
    ]);
  });

  it('refuses to answer a callback query twice or one that never existed', async () => {
    const user = emulator.createUser();
    const sent = resultOf<Message>(
      await call('sendMessage', { chat_id: user.chatId, text: 'x', reply_markup: keyboard('a') }),
    );
    const press = await user.pressButton('go', { messageId: sent.message_id });
    expect((await call('answerCallbackQuery', { callback_query_id: press.callbackQueryId })).body.ok).toBe(
      true,
    );
    const twice = await call('answerCallbackQuery', { callback_query_id: press.callbackQueryId });
    const unknown = await call('answerCallbackQuery', { callback_query_id: '12345' });
    for (const refused of [twice, unknown]) {
      expect(refused.body.description).toBe(
        'Bad Request: query is too old and response timeout expired or query ID is invalid',
      );
    }
  });

  it('answers 401 to another token and 404 to an unknown method', async () => {
    const wrongToken = await callBotApi(apiRoot, '1:wrong', 'getMe');
    expect(wrongToken.body).toEqual({ ok: false, error_code: 401, description: 'Unauthorized' });
    const unknownMethod = await call('sendTelepathy');
    expect(unknownMethod.body).toEqual({ ok: false, error_code: 404, description: 'Not Found' });
  });
});

describe('fault injection', () => {
  it('fails the next calls with 429 and retry_after, then lets calls through', async () => {
    const user = emulator.createUser();
    emulator.failNext('sendMessage', { count: 2, retryAfter: 2 });
    const send = () => call('sendMessage', { chat_id: user.chatId, text: 'hi' });
    for (const refused of [await send(), await send()]) {
      expect(refused.status).toBe(429);
      expect(refused.body).toEqual({
        ok: false,
        error_code: 429,
        description: 'Too Many Requests: retry after 2',
        parameters: { retry_after: 2 },
      });
    }
    expect((await send()).body.ok).toBe(true);
    expect(emulator.callCount('sendMessage')).toBe(3);
    expect(emulator.stats().errors.sendMessage).toBe(2);
  });

  it('answers 403 once the user has blocked the bot, and tells the bot through my_chat_member', async () => {
    const user = emulator.createUser();
    emulator.blockBot(user.id);
    const refused = await call('sendMessage', { chat_id: user.chatId, text: 'reminder' });
    expect(refused.status).toBe(403);
    expect(refused.body.description).toBe('Forbidden: bot was blocked by the user');
    const updates = resultOf<Update[]>(await call('getUpdates'));
    expect(updates[0]?.my_chat_member?.new_chat_member.status).toBe('kicked');
  });

  it('delays answers by the configured latency', async () => {
    emulator.setLatency(150);
    const started = Date.now();
    await call('getMe');
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });
});

describe('files', () => {
  it('stores a photo uploaded as multipart and serves it back through getFile and the file URL', async () => {
    const user = emulator.createUser();
    const png = pngBytes(1600, 1200);
    const form = new FormData();
    form.set('chat_id', String(user.chatId));
    form.set('caption', '照片审核结果');
    form.set(
      'reply_markup',
      JSON.stringify({ inline_keyboard: [[{ text: '重拍', callback_data: 'retake' }]] }),
    );
    form.set('photo', new Blob([png], { type: 'image/png' }), 'photo.png');
    const sent = resultOf<Message>(await callBotApiMultipart(apiRoot, token, 'sendPhoto', form));

    const largest = sent.photo?.at(-1) as PhotoSize;
    expect([largest.width, largest.height]).toEqual([1280, 960]);
    expect(sent.photo?.[0]?.width).toBe(90);
    expect(sent.caption).toBe('照片审核结果');
    const file = resultOf<TelegramFile>(await call('getFile', { file_id: largest.file_id }));
    const download = await fetch(`${apiRoot}/file/bot${token}/${file.file_path}`);
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(png);
    expect(user.downloadSent(sent)).toEqual(png);
  });

  it('lets the bot download what a user sent, but refuses files over 20 MB', async () => {
    const user = emulator.createUser();
    const small = await user.sendDocument(new TextEncoder().encode('%PDF-1.7'), { fileName: '学历证明.pdf' });
    const huge = await user.sendDocument(new Uint8Array(8), {
      fileName: 'scan.pdf',
      fileSize: 25 * 1024 * 1024,
    });
    expect(small.document?.mime_type).toBe('application/pdf');
    const file = resultOf<TelegramFile>(await call('getFile', { file_id: small.document?.file_id }));
    const download = await fetch(`${apiRoot}/file/bot${token}/${file.file_path}`);
    expect(await download.text()).toBe('%PDF-1.7');
    const refused = await call('getFile', { file_id: huge.document?.file_id });
    expect(refused.body.description).toBe('Bad Request: file is too big');
  });

  it('resends a known file_id without an upload and refuses a file of another kind', async () => {
    const user = emulator.createUser();
    const photo = await user.sendPhoto([
      { bytes: pngBytes(90, 60), width: 90, height: 60 },
      { bytes: pngBytes(900, 600), width: 900, height: 600 },
    ]);
    const largestId = photo.photo?.at(-1)?.file_id;
    const resent = resultOf<Message>(await call('sendPhoto', { chat_id: user.chatId, photo: largestId }));
    expect(resent.photo).toEqual(photo.photo);
    const asDocument = await call('sendDocument', { chat_id: user.chatId, document: largestId });
    expect(asDocument.body.description).toBe("Bad Request: can't use file of type Photo as Document");
  });

  it('sends a media group of 2-10 items sharing one media_group_id', async () => {
    const user = emulator.createUser();
    const form = new FormData();
    form.set('chat_id', String(user.chatId));
    form.set('a', new Blob([pngBytes(20, 20)]), 'a.png');
    form.set('b', new Blob([pngBytes(30, 30)]), 'b.png');
    form.set(
      'media',
      JSON.stringify([
        { type: 'photo', media: 'attach://a', caption: '<b>两张</b>', parse_mode: 'HTML' },
        { type: 'photo', media: 'attach://b' },
      ]),
    );
    const album = resultOf<Message[]>(await callBotApiMultipart(apiRoot, token, 'sendMediaGroup', form));
    expect(album).toHaveLength(2);
    expect(album[0]?.media_group_id).toBe(album[1]?.media_group_id);
    expect(album[0]?.caption_entities).toEqual([{ type: 'bold', offset: 0, length: 2 }]);
    const single = await call('sendMediaGroup', {
      chat_id: user.chatId,
      media: [{ type: 'photo', media: album[0]?.photo?.[0]?.file_id }],
    });
    expect(single.status).toBe(400);
  });
});

describe('bot commands', () => {
  it('stores command lists per scope and language for tests to read', async () => {
    const scope = { type: 'all_private_chats' };
    const set = await call('setMyCommands', {
      commands: [{ command: 'start', description: '开始报名' }],
      scope,
      language_code: 'zh',
    });
    expect(set.body.ok).toBe(true);
    expect(emulator.commands({ scope: { type: 'all_private_chats' }, languageCode: 'zh' })).toEqual([
      { command: 'start', description: '开始报名' },
    ]);
    expect(resultOf(await call('getMyCommands', { scope, language_code: 'zh' }))).toHaveLength(1);
    expect(resultOf(await call('getMyCommands'))).toEqual([]);
  });

  it('refuses a user-style language code such as zh-hans for bot settings', async () => {
    const refused = await call('setMyCommands', {
      commands: [{ command: 'start', description: '开始' }],
      language_code: 'zh-hans',
    });
    expect(refused.body.description).toBe('Bad Request: invalid language code specified');
  });
});
