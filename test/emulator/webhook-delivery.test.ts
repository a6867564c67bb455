import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Update } from '../../src/emulator/bot-api-types.js';
import {
  createTestBotApiEmulator,
  type TestBotApiEmulator,
  type TestBotApiEmulatorOptions,
} from '../../src/emulator/testing/test-bot-api-emulator.js';
import { callBotApi, resultOf } from './bot-api-call.js';
import { ManualRetryClock } from './manual-retry-clock.js';
import { gate, label, WebhookReceiver } from './webhook-receiver.js';

const SECRET = 'S3cret_token-for-tests';

/** The queue Telegram keeps an update in, worked out here independently of the emulator's code. */
function queueOf(update: Update): string {
  if (update.message) return `chat:${update.message.chat.id}`;
  if (update.callback_query) return `user:${update.callback_query.from.id}`;
  return 'other';
}

let emulator: TestBotApiEmulator;
let clock: ManualRetryClock;
const receivers: WebhookReceiver[] = [];

async function setup(options: TestBotApiEmulatorOptions = {}): Promise<WebhookReceiver> {
  clock = new ManualRetryClock();
  emulator = createTestBotApiEmulator({
    ...options,
    webhook: { retryDelay: clock.delay, ...options.webhook },
  });
  await emulator.start();
  return startReceiver();
}

async function startReceiver(): Promise<WebhookReceiver> {
  const receiver = new WebhookReceiver(queueOf);
  await receiver.start();
  receivers.push(receiver);
  return receiver;
}

function call(method: string, params: Record<string, unknown> = {}) {
  return callBotApi(emulator.apiRoot, emulator.botToken, method, params);
}

async function setWebhook(receiver: WebhookReceiver, params: Record<string, unknown> = {}): Promise<void> {
  resultOf(await call('setWebhook', { url: receiver.url(), secret_token: SECRET, ...params }));
}

interface WebhookInfo {
  readonly url: string;
  readonly pending_update_count: number;
  readonly last_error_date?: number;
  readonly last_error_message?: string;
  readonly max_connections?: number;
  readonly allowed_updates?: string[];
}

async function webhookInfo(): Promise<WebhookInfo> {
  return resultOf<WebhookInfo>(await call('getWebhookInfo'));
}

afterEach(async () => {
  await emulator.stop();
  for (const receiver of receivers.splice(0)) await receiver.stop();
});

describe('webhook delivery: order and queues', () => {
  it("keeps one chat's messages in order, one at a time, while another chat proceeds", async () => {
    const receiver = await setup();
    const [a, b] = [emulator.createUser(), emulator.createUser()];
    const slow = gate();
    receiver.handler = async ({ update }) => {
      if (label(update) === 'a1') await slow.promise;
      return { status: 200 };
    };
    await setWebhook(receiver);
    await a.sendText('a1');
    await a.sendText('a2');
    for (const text of ['b1', 'b2', 'b3']) await b.sendText(text);

    await receiver.whenPosts(4);
    expect(receiver.labels(`chat:${b.chatId}`)).toEqual(['b1', 'b2', 'b3']);
    expect(receiver.labels(`chat:${a.chatId}`)).toEqual(['a1']);
    // a1 in flight and a2 behind it; b3's answer may still be on its way back.
    await expect.poll(async () => (await webhookInfo()).pending_update_count).toBe(2);

    slow.open();
    await emulator.whenIdle();
    expect(receiver.labels(`chat:${a.chatId}`)).toEqual(['a1', 'a2']);
    expect(receiver.maxConcurrentPerKey).toBe(1);
    expect(receiver.maxConcurrent).toBe(2);
    const stats = emulator.webhookStats();
    expect(stats).toMatchObject({ deliveries: 5, failures: 0, retries: 0, maxInFlightPerQueue: 1 });
    expect(Object.values(stats.postsPerUpdate)).toEqual([1, 1, 1, 1, 1]);
  });

  it("lets a button press overtake a slow message of the same user's chat", async () => {
    const receiver = await setup();
    const user = emulator.createUser();
    resultOf(
      await call('sendMessage', {
        chat_id: user.chatId,
        text: '请确认',
        reply_markup: { inline_keyboard: [[{ text: '确认', callback_data: 'ok' }]] },
      }),
    );
    const slow = gate();
    receiver.handler = async ({ update }) => {
      if (label(update) === 'slow') await slow.promise;
      return { status: 200 };
    };
    await setWebhook(receiver);
    await user.sendText('slow');
    await user.sendText('after the slow one');
    await user.pressButton('确认');

    await receiver.whenPosts(2);
    // Two queues, two connections: which POST lands first is up to the network.
    expect(receiver.labels().sort()).toEqual(['press:ok', 'slow']);
    slow.open();
    await emulator.whenIdle();
    expect(receiver.labels()[2]).toBe('after the slow one');
    expect(receiver.labels(`chat:${user.chatId}`)).toEqual(['slow', 'after the slow one']);
    expect(receiver.maxConcurrentPerKey).toBe(1);
    expect(emulator.webhookStats().maxInFlightPerQueue).toBe(1);
  });

  it('sends at most max_connections requests at once', async () => {
    const receiver = await setup();
    const users = Array.from({ length: 5 }, () => emulator.createUser());
    const held = gate();
    receiver.handler = async () => {
      await held.promise;
      return { status: 200 };
    };
    await setWebhook(receiver, { max_connections: 2 });
    expect((await webhookInfo()).max_connections).toBe(2);
    for (const user of users) await user.sendText(`from ${user.id}`);
    await receiver.whenPosts(2);
    held.open();
    await emulator.whenIdle();
    expect(receiver.posts).toHaveLength(5);
    expect(receiver.maxConcurrent).toBe(2);
    expect(emulator.webhookStats().maxInFlight).toBe(2);
  });
});

describe('webhook delivery: failures and retries', () => {
  it('retries a 500 at once and keeps the order: the failed update is POSTed twice, then the next', async () => {
    const receiver = await setup();
    const user = emulator.createUser();
    receiver.handler = () => ({ status: receiver.posts.length === 1 ? 500 : 200 });
    await setWebhook(receiver);
    await user.sendText('m1');
    await user.sendText('m2');
    await emulator.whenIdle();

    expect(receiver.labels()).toEqual(['m1', 'm1', 'm2']);
    expect(clock.waits).toEqual([]);
    const stats = emulator.webhookStats();
    expect(stats).toMatchObject({ deliveries: 2, failures: 1, retries: 1, retryWaitsMs: [0] });
    const [m1, , m2] = receiver.posts.map((post) => post.update.update_id);
    expect(stats.postsPerUpdate).toEqual({ [m1 as number]: 2, [m2 as number]: 1 });
    const info = await webhookInfo();
    expect(info.pending_update_count).toBe(0);
    expect(info.last_error_message).toBe('Wrong response from the webhook: 500 Internal Server Error');
    expect(info.last_error_date).toBeTypeOf('number');
  });

  it('waits 2, 4, 8 s … up to the cap between further retries, and never drops the update', async () => {
    const receiver = await setup({ webhook: { maxRetryDelayMs: 10_000 } });
    const user = emulator.createUser();
    receiver.handler = () => ({ status: receiver.posts.length <= 5 ? 502 : 200 });
    await setWebhook(receiver);
    await user.sendText('flaky');

    for (const [index, expected] of [2_000, 4_000, 8_000, 10_000].entries()) {
      expect(await clock.whenWait(index + 1)).toBe(expected);
      // Nothing is POSTed while the wait lasts: the first failure was retried at once, then one per wait.
      expect(receiver.posts).toHaveLength(index + 2);
      expect((await webhookInfo()).pending_update_count).toBe(1);
      clock.elapse();
    }
    await emulator.whenIdle();
    expect(receiver.labels()).toEqual(Array(6).fill('flaky'));
    expect(emulator.webhookStats()).toMatchObject({ deliveries: 1, failures: 5, retries: 5 });
  });

  it('honours Retry-After instead of retrying at once', async () => {
    const receiver = await setup();
    const user = emulator.createUser();
    receiver.handler = () =>
      receiver.posts.length === 1 ? { status: 429, headers: { 'Retry-After': '7' } } : { status: 200 };
    await setWebhook(receiver);
    await user.sendText('busy');
    await user.sendText('next');

    expect(await clock.whenWait(1)).toBe(7_000);
    expect(receiver.labels()).toEqual(['busy']);
    expect((await webhookInfo()).last_error_message).toBe(
      'Wrong response from the webhook: 429 Too Many Requests',
    );
    clock.elapse();
    await emulator.whenIdle();
    expect(receiver.labels()).toEqual(['busy', 'busy', 'next']);
  });

  it('keeps an update while the bot is down (connection refused) and delivers it once it is back', async () => {
    const receiver = await setup();
    const user = emulator.createUser();
    await setWebhook(receiver);
    await receiver.stop();
    await user.sendText('while down');

    expect(await clock.whenWait(1)).toBe(2_000);
    const info = await webhookInfo();
    expect(info.last_error_message).toBe('Connection refused');
    expect(info.pending_update_count).toBe(1);
    expect(emulator.webhookStats()).toMatchObject({ failures: 2, deliveries: 0 });

    await receiver.start();
    clock.elapse();
    await emulator.whenIdle();
    expect(receiver.labels()).toEqual(['while down']);
    expect(emulator.webhookStats()).toMatchObject({ failures: 2, deliveries: 1, retries: 2 });
  });
});

describe('webhook delivery: the answer timeout', () => {
  it('gives up on an answer after 60 s (on fake timers) and POSTs the update again', async () => {
    const receiver = await setup();
    const user = emulator.createUser();
    const never = gate();
    receiver.handler = async () => {
      if (receiver.posts.length === 1) await never.promise;
      return { status: 200 };
    };
    await setWebhook(receiver);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      await user.sendText('slow bot');
      await receiver.whenPosts(1);
      await vi.advanceTimersByTimeAsync(59_000);
      expect(emulator.webhookStats().failures).toBe(0);
      await vi.advanceTimersByTimeAsync(1_000);
      await receiver.whenPosts(2);
    } finally {
      vi.useRealTimers();
      never.open();
    }
    await emulator.whenIdle();
    expect((await webhookInfo()).last_error_message).toBe('Read timeout expired');
    expect(receiver.labels()).toEqual(['slow bot', 'slow bot']);
    expect(emulator.webhookStats()).toMatchObject({ failures: 1, deliveries: 1, retryWaitsMs: [0] });
  });
});

describe('webhook delivery: the webhook itself', () => {
  it('POSTs JSON with the secret header, and getUpdates is refused with 409 meanwhile', async () => {
    const receiver = await setup();
    const user = emulator.createUser();
    await setWebhook(receiver);
    await user.sendText('hello');
    await emulator.whenIdle();

    const [post] = receiver.posts;
    expect(post?.path).toBe('/telegram-webhook');
    expect(post?.headers['x-telegram-bot-api-secret-token']).toBe(SECRET);
    expect(post?.headers['content-type']).toBe('application/json');
    expect(post?.update.message?.text).toBe('hello');

    const refused = await call('getUpdates');
    expect(refused.status).toBe(409);
    expect(refused.body.description).toMatch(/webhook is active/);
    expect((await webhookInfo()).url).toBe(receiver.url());
  });

  it('sends no secret header when the webhook has no secret_token', async () => {
    const receiver = await setup();
    const user = emulator.createUser();
    resultOf(await call('setWebhook', { url: receiver.url() }));
    await user.sendText('hello');
    await emulator.whenIdle();
    expect(receiver.posts[0]?.headers['x-telegram-bot-api-secret-token']).toBeUndefined();
  });

  it('delivers what was queued before setWebhook, and moves to a new url when set again', async () => {
    const first = await setup();
    const second = await startReceiver();
    const user = emulator.createUser();
    await user.sendText('queued before');
    await setWebhook(first);
    await emulator.whenIdle();
    await setWebhook(second);
    await user.sendText('after the move');
    await emulator.whenIdle();
    expect(first.labels()).toEqual(['queued before']);
    expect(second.labels()).toEqual(['after the move']);
  });

  it('runs a Bot API call the bot puts in its answer, as Telegram does', async () => {
    const receiver = await setup();
    const user = emulator.createUser();
    receiver.handler = ({ update }) => ({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        method: 'sendMessage',
        chat_id: update.message?.chat.id,
        text: '收到 received',
      }),
    });
    await setWebhook(receiver);
    await user.sendText('hi');
    expect((await user.waitForMessage()).text).toBe('收到 received');
  });
});

describe('webhook delivery: deleteWebhook', () => {
  it('lets the request in flight finish and leaves the rest to getUpdates', async () => {
    const receiver = await setup();
    const user = emulator.createUser();
    const slow = gate();
    receiver.handler = async () => {
      await slow.promise;
      return { status: 200 };
    };
    await setWebhook(receiver);
    for (const text of ['m1', 'm2', 'm3']) await user.sendText(text);
    await receiver.whenPosts(1);
    resultOf(await call('deleteWebhook'));
    expect(await webhookInfo()).toMatchObject({ url: '', pending_update_count: 2 });
    slow.open();

    const rest = resultOf<Update[]>(await call('getUpdates', { timeout: 0 }));
    expect(rest.map(label)).toEqual(['m2', 'm3']);
    await user.sendText('m4');
    const next = resultOf<Update[]>(
      await call('getUpdates', { offset: (rest.at(-1)?.update_id ?? 0) + 1, timeout: 0 }),
    );
    expect(next.map(label)).toEqual(['m4']);
    expect(receiver.labels()).toEqual(['m1']);
  });

  it('hands an update whose request fails after deleteWebhook back to getUpdates, in order', async () => {
    const receiver = await setup();
    const user = emulator.createUser();
    const slow = gate();
    receiver.handler = async () => {
      await slow.promise;
      return { status: 503 };
    };
    await setWebhook(receiver);
    await user.sendText('m1');
    await user.sendText('m2');
    await receiver.whenPosts(1);
    resultOf(await call('deleteWebhook'));
    slow.open();
    await expect.poll(() => emulator.webhookStats().failures).toBe(1);

    const rest = resultOf<Update[]>(await call('getUpdates', { timeout: 0 }));
    expect(rest.map(label)).toEqual(['m1', 'm2']);
    expect(receiver.posts).toHaveLength(1);
  });

  it('forgets pending updates with drop_pending_updates', async () => {
    const receiver = await setup();
    const user = emulator.createUser();
    await receiver.stop();
    await setWebhook(receiver);
    await user.sendText('lost on purpose');
    await clock.whenWait(1);
    resultOf(await call('deleteWebhook', { drop_pending_updates: true }));
    expect((await webhookInfo()).pending_update_count).toBe(0);
    expect(resultOf<Update[]>(await call('getUpdates', { timeout: 0 }))).toEqual([]);
  });
});
