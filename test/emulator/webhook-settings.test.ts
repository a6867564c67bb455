import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Update } from '../../src/emulator/bot-api-types.js';
import {
  createTestBotApiEmulator,
  type TestBotApiEmulator,
} from '../../src/emulator/testing/test-bot-api-emulator.js';
import { callBotApi, resultOf } from './bot-api-call.js';
import { WebhookReceiver } from './webhook-receiver.js';

let emulator: TestBotApiEmulator;
let receiver: WebhookReceiver;

beforeEach(async () => {
  emulator = createTestBotApiEmulator();
  await emulator.start();
  receiver = new WebhookReceiver();
  await receiver.start();
});

afterEach(async () => {
  await emulator.stop();
  await receiver.stop();
});

function call(method: string, params: Record<string, unknown> = {}) {
  return callBotApi(emulator.apiRoot, emulator.botToken, method, params);
}

async function webhookInfo(): Promise<Record<string, unknown>> {
  return resultOf<Record<string, unknown>>(await call('getWebhookInfo'));
}

describe('setWebhook parameters', () => {
  it('refuses a secret_token with characters Telegram does not allow, and sets nothing', async () => {
    const refused = await call('setWebhook', { url: receiver.url(), secret_token: 'no spaces' });
    expect(refused.status).toBe(400);
    expect(await webhookInfo()).toMatchObject({ url: '' });
  });

  it('refuses a url that is not http(s)', async () => {
    expect((await call('setWebhook', { url: 'ftp://127.0.0.1/hook' })).status).toBe(400);
  });

  it('keeps max_connections within Telegram’s 1..100 and reports allowed_updates', async () => {
    resultOf(
      await call('setWebhook', {
        url: receiver.url(),
        max_connections: 500,
        allowed_updates: ['message', 'callback_query'],
      }),
    );
    expect(await webhookInfo()).toMatchObject({
      url: receiver.url(),
      max_connections: 100,
      allowed_updates: ['message', 'callback_query'],
      pending_update_count: 0,
    });
  });

  it('delivers only the kinds in allowed_updates from then on', async () => {
    const user = emulator.createUser();
    resultOf(await call('setWebhook', { url: receiver.url(), allowed_updates: ['my_chat_member'] }));
    await user.sendText('not wanted');
    user.blockBot();
    await emulator.whenIdle();
    expect(receiver.posts.map((post) => Object.keys(post.update).sort())).toEqual([
      ['my_chat_member', 'update_id'],
    ]);
  });

  it('removes the webhook when set with an empty url, handing what is pending to getUpdates', async () => {
    const user = emulator.createUser();
    await receiver.stop();
    resultOf(await call('setWebhook', { url: receiver.url() }));
    await user.sendText('waiting');
    resultOf(await call('setWebhook', { url: '' }));
    // A long poll: the update may still be on its refused way back from the webhook.
    const updates = resultOf<Update[]>(await call('getUpdates', { timeout: 5 }));
    expect(updates.map((update) => update.message?.text)).toEqual(['waiting']);
  });
});
