import { describe, expect, it } from 'vitest';
import type { Update } from '../../src/emulator/bot-api-types.js';
import { deliveryQueueKey, parseRetryAfter } from '../../src/emulator/webhook-request.js';

const chat = { id: 1_000_001, type: 'private' as const, first_name: '张三' };
const from = { id: 1_000_001, is_bot: false, first_name: '张三' };
const message = { message_id: 1, date: 0, chat, from, text: 'hi' };

describe('the queue a webhook update waits in', () => {
  it("puts a private chat's messages and its user's presses in different queues, though the ids are equal", () => {
    const messageKey = deliveryQueueKey({ update_id: 1, message } as Update);
    const editKey = deliveryQueueKey({ update_id: 2, edited_message: message } as Update);
    const pressKey = deliveryQueueKey({
      update_id: 3,
      callback_query: { id: 'q', from, message, chat_instance: 'c', data: 'ok' },
    } as Update);
    expect(editKey).toBe(messageKey);
    expect(pressKey).not.toBe(messageKey);
  });

  it("puts a member change in its chat's queue, behind that chat's messages", () => {
    const member = { user: from, status: 'member' };
    const update = {
      update_id: 4,
      my_chat_member: { chat, from, date: 0, old_chat_member: member, new_chat_member: member },
    } as unknown as Update;
    expect(deliveryQueueKey(update)).toBe(deliveryQueueKey({ update_id: 1, message } as Update));
  });
});

describe('Retry-After', () => {
  it('reads seconds, and an HTTP date as the seconds until it', () => {
    expect(parseRetryAfter('7')).toBe(7);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(new Date(Date.now() - 10_000).toUTCString())).toBe(0);
  });
});
