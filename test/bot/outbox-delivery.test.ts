import { hostname } from 'node:os';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  botApiSender,
  createOutbox,
  type Outbox,
  type OutboxOptions,
  type SendMessage,
} from '../../src/bot/outbox-delivery.js';
import type { Notification } from '../../src/domain/notifier.js';
import { type BotApiEmulator, createBotApiEmulator } from '../../src/emulator/bot-api-emulator.js';
import type { SimulatedUser } from '../../src/emulator/simulated-user.js';
import { createLogger } from '../../src/log.js';
import { type ApplicantStore, createApplicantStore } from '../../src/storage/applicant-store.js';
import { markInactive } from '../../src/storage/mark-inactive.js';
import { type OpenStore, openStore } from '../../src/storage/open-store.js';
import { createOutboxStore, type OutboxStore } from '../../src/storage/outbox-store.js';
import { applicantOf, tempDataDir } from '../helpers/applicants.js';
import { maxInWindow, millisecondDates, sendTimes } from '../helpers/send-times.js';
import { waitUntil } from '../helpers/wait-until.js';

let emulator: BotApiEmulator;
let store: OpenStore;
let outboxStore: OutboxStore;
let applicants: ApplicantStore;
let send: SendMessage;
const outboxes: Outbox[] = [];

beforeEach(async () => {
  emulator = createBotApiEmulator({ clock: millisecondDates });
  const { apiRoot } = await emulator.start();
  store = await openStore(tempDataDir().storeUrl);
  outboxStore = createOutboxStore(store.keyv);
  applicants = createApplicantStore(store.keyv);
  send = botApiSender(emulator.botToken, apiRoot);
});

afterEach(async () => {
  await Promise.all(outboxes.splice(0).map((o) => o.stop()));
  await emulator.stop();
  await store.close();
});

function outboxWith(options: Partial<OutboxOptions> = {}): Outbox {
  const outbox = createOutbox({
    store: outboxStore,
    send,
    onBlocked: (userId) => markInactive(applicants, userId, new Date()),
    log: createLogger('silent'),
    sweepIntervalMs: 0,
    ...options,
  });
  outboxes.push(outbox);
  return outbox;
}

const reminderFor = (user: SimulatedUser, n = 1): Notification => ({
  userId: user.id,
  chatId: user.chatId,
  html: `<b>提醒</b> ${n}`,
  reason: 'daily',
  dedupeKey: `reminder:daily:2020-03-${String(n).padStart(2, '0')}:${user.id}`,
});

const sendCalls = () => emulator.callCount('sendMessage');

/** Allowance for the trip from the limiter to the emulator when reading arrival times. */
const TRIP_MS = 50;

describe('the outbox', () => {
  it('records a notification before sending anything, and delivers it once started', async () => {
    const user = emulator.createUser();
    const reminder = reminderFor(user);
    const statesSeenWhenSending: (string | undefined)[] = [];
    const outbox = outboxWith({
      send: async (chatId, html) => {
        statesSeenWhenSending.push((await outboxStore.get(reminder.dedupeKey))?.state);
        return send(chatId, html);
      },
    });

    await outbox.notify(reminder);
    expect((await outboxStore.get(reminder.dedupeKey))?.state).toBe('pending');
    expect(sendCalls()).toBe(0);

    await outbox.start();
    await outbox.whenIdle();
    expect(statesSeenWhenSending).toEqual(['sending']);
    const [message] = user.messages();
    expect(message?.text).toBe('提醒 1');
    expect(await outboxStore.get(reminder.dedupeKey)).toMatchObject({
      state: 'sent',
      attempts: 1,
      messageId: message?.message_id,
    });
  });

  it('ignores a dedupe key recorded before, also after delivery and from another outbox on the store', async () => {
    const user = emulator.createUser();
    const outbox = outboxWith();
    await outbox.start();
    expect(await outbox.record(reminderFor(user))).toBe('recorded');
    expect(await outbox.record(reminderFor(user))).toBe('duplicate');
    await outbox.whenIdle();
    expect(await outbox.record(reminderFor(user))).toBe('duplicate');
    const another = outboxWith();
    await another.start();
    expect(await another.record(reminderFor(user))).toBe('duplicate');
    await another.whenIdle();
    expect(sendCalls()).toBe(1);
    expect(user.messages()).toHaveLength(1);
  });

  it('sends at most the configured messages a second overall and one a second per chat', async () => {
    const users = Array.from({ length: 6 }, () => emulator.createUser());
    const talkative = emulator.createUser();
    const outbox = outboxWith({ limits: { messagesPerSecond: 5 } });
    await Promise.all([
      ...[1, 2].map((n) => outbox.notify(reminderFor(talkative, n))),
      ...users.map((u) => outbox.notify(reminderFor(u))),
    ]);
    const started = Date.now();
    await outbox.start();
    await outbox.whenIdle();
    const seconds = (Date.now() - started) / 1000;

    const sends = sendTimes([...users, talkative]);
    expect(sends).toHaveLength(8);
    expect(
      maxInWindow(
        sends.map((s) => s.atMs),
        1000 - TRIP_MS,
      ),
    ).toBeLessThanOrEqual(5);
    const [first, second] = sends.filter((s) => s.chatId === talkative.chatId).map((s) => s.atMs);
    expect((second ?? 0) - (first ?? 0)).toBeGreaterThanOrEqual(1000 - TRIP_MS);
    expect(talkative.messages().map((m) => m.text)).toEqual(['提醒 1', '提醒 2']);
    // One every 200 ms: 8 messages take 1.4 s, and no longer than the limits make them.
    expect(seconds).toBeGreaterThan(1.4 - TRIP_MS / 1000);
    expect(seconds).toBeLessThan(2.5);
  });

  it('on 429 pauses every chat for retry_after, then sends again', async () => {
    const [first, second] = [emulator.createUser(), emulator.createUser()];
    emulator.failNext('sendMessage', { errorCode: 429, retryAfter: 1 });
    const outbox = outboxWith();
    const started = Date.now();
    await outbox.start();
    await outbox.notify(reminderFor(first));
    await waitUntil('the 429 is answered', () => outbox.stats.rateLimited === 1);
    await outbox.notify(reminderFor(second));
    await outbox.whenIdle();

    for (const user of [first, second]) {
      const [message] = user.messages();
      expect((message?.date ?? 0) - started).toBeGreaterThanOrEqual(1000);
    }
    expect(sendCalls()).toBe(3);
    // A 429 says nothing about the message: it does not count as an attempt.
    expect(await outboxStore.get(reminderFor(first).dedupeKey)).toMatchObject({ state: 'sent', attempts: 1 });
  });

  it('marks an applicant who blocked the bot inactive and does not try again', async () => {
    const user = emulator.createUser();
    await applicants.update(user.id, () => ({ record: applicantOf(user.id), result: undefined }));
    user.blockBot();
    const outbox = outboxWith();
    await outbox.start();
    await Promise.all([outbox.notify(reminderFor(user, 1)), outbox.notify(reminderFor(user, 2))]);
    await outbox.whenIdle();

    expect(sendCalls()).toBe(1);
    expect((await outboxStore.get(reminderFor(user, 1).dedupeKey))?.state).toBe('blocked');
    expect((await outboxStore.get(reminderFor(user, 2).dedupeKey))?.state).toBe('blocked');
    expect((await applicants.get(user.id))?.inactive).toBe(true);
    expect(outbox.stats.blocked).toBe(2);
  });

  it('retries a failure with growing pauses and delivers once it passes', async () => {
    const user = emulator.createUser();
    emulator.failNext('sendMessage', { errorCode: 502, count: 2 });
    const outbox = outboxWith({ limits: { backoffBaseMs: 50, perChatIntervalMs: 10 } });
    await outbox.start();
    const started = Date.now();
    await outbox.notify(reminderFor(user));
    await outbox.whenIdle();

    expect(sendCalls()).toBe(3);
    expect(user.messages()).toHaveLength(1);
    // 50 ms, then 100 ms.
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect(await outboxStore.get(reminderFor(user).dedupeKey)).toMatchObject({ state: 'sent', attempts: 3 });
  });

  it('gives up after the configured attempts and records the failure', async () => {
    const user = emulator.createUser();
    emulator.failNext('sendMessage', { errorCode: 500, count: 10 });
    const outbox = outboxWith({ limits: { backoffBaseMs: 10, maxAttempts: 3, perChatIntervalMs: 10 } });
    await outbox.start();
    await outbox.notify(reminderFor(user));
    await outbox.whenIdle();

    expect(sendCalls()).toBe(3);
    expect(await outboxStore.get(reminderFor(user).dedupeKey)).toMatchObject({
      state: 'failed',
      attempts: 3,
      lastError: expect.stringContaining('500'),
    });
    expect(outbox.stats).toMatchObject({ failed: 1, retried: 2, sent: 0 });
  });

  it('does not retry a message Telegram refuses as bad (400)', async () => {
    const user = emulator.createUser();
    emulator.failNext('sendMessage', { errorCode: 400, description: "Bad Request: can't parse entities" });
    const outbox = outboxWith();
    await outbox.start();
    await outbox.notify(reminderFor(user));
    await outbox.whenIdle();
    expect(sendCalls()).toBe(1);
    expect((await outboxStore.get(reminderFor(user).dedupeKey))?.state).toBe('failed');
  });

  it('on start takes over what a process that has gone left, resending one caught mid-send', async () => {
    const [waiting, midSend, othersLive] = [
      emulator.createUser(),
      emulator.createUser(),
      emulator.createUser(),
    ];
    // pid_max on Linux is at most 2^22: this process cannot exist.
    const gone = `${hostname()}:${2 ** 22 + 1}:gone`;
    const live = `${hostname()}:${process.ppid}:live`;
    const now = new Date();
    await outboxStore.add([reminderFor(waiting)], gone, now);
    const [mid] = await outboxStore.add([reminderFor(midSend)], gone, now);
    if (mid) await outboxStore.update(mid, { state: 'sending', attempts: 1 }, now);
    await outboxStore.add([reminderFor(othersLive)], live, now);

    const outbox = outboxWith();
    await outbox.start();
    await outbox.whenIdle();

    expect(waiting.messages()).toHaveLength(1);
    expect(midSend.messages()).toHaveLength(1);
    expect(await outboxStore.get(reminderFor(midSend).dedupeKey)).toMatchObject({
      state: 'sent',
      attempts: 2,
    });
    expect(othersLive.messages()).toHaveLength(0);
    expect((await outboxStore.get(reminderFor(othersLive).dedupeKey))?.owner).toBe(live);
    expect(outbox.stats.resumed).toBe(2);
  });

  it('on stop lets the send in flight finish and record, and leaves the rest pending', async () => {
    const user = emulator.createUser();
    emulator.setLatency(200);
    const outbox = outboxWith();
    await outbox.start();
    await Promise.all([1, 2, 3].map((n) => outbox.notify(reminderFor(user, n))));
    await waitUntil('the first send is in flight', () => sendCalls() === 1);
    await outbox.stop();

    expect(await outboxStore.countByState()).toMatchObject({ sent: 1, pending: 2, sending: 0 });
    expect(sendCalls()).toBe(1);
  });
});
