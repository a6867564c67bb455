import { hostname } from 'node:os';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SendMessage } from '../../src/app/ports/sender.js';
import type { Notification } from '../../src/domain/notifier.js';
import type { SimulatedUser } from '../../src/emulator/simulated-user.js';
import {
  type TestBotApiEmulator as BotApiEmulator,
  createTestBotApiEmulator,
} from '../../src/emulator/testing/test-bot-api-emulator.js';
import { createLogger } from '../../src/log.js';
import { createOutbox, type Outbox, type OutboxOptions } from '../../src/outbox/outbox.js';
import { type ApplicantStore, createApplicantStore } from '../../src/storage/applicant-store.js';
import { markInactive } from '../../src/storage/mark-inactive.js';
import { type OpenStore, openStore } from '../../src/storage/open-store.js';
import { createOutboxStore, type OutboxStore } from '../../src/storage/outbox-store.js';
import { botApiSender } from '../../src/telegram/telegram-sender.js';
import { applicantOf, tempDataDir } from '../helpers/applicants.js';
import { ManualClock } from '../helpers/manual-clock.js';
import { maxInWindow, sendTimes } from '../helpers/send-times.js';

// The outbox runs on a manual clock: no test waits on real time, and every time read is exact. Its store,
// its sender and its onBlocked are tracked, so the clock moves only once the real I/O they start is done.
let clock: ManualClock;
let emulator: BotApiEmulator;
let store: OpenStore;
let outboxStore: OutboxStore;
let applicants: ApplicantStore;
let send: SendMessage;
const outboxes: Outbox[] = [];

beforeEach(async () => {
  clock = new ManualClock(Date.parse('2020-03-02T02:00:00.000Z'));
  // Message dates in "seconds" that are the manual clock's milliseconds (see `millisecondDates`): a
  // message's `date` is the manual time its send reached the emulator.
  emulator = createTestBotApiEmulator({ clock: () => clock.now() * 1000 });
  const { apiRoot } = await emulator.start();
  store = await openStore(tempDataDir().storeUrl);
  const onCorrupt = (error: Error) => {
    throw error;
  };
  outboxStore = createOutboxStore(store.keyv, { onCorrupt });
  applicants = createApplicantStore(store.keyv, { onCorrupt });
  send = clock.tracked(botApiSender(emulator.botToken, apiRoot));
});

afterEach(async () => {
  await Promise.all(outboxes.splice(0).map((o) => o.stop()));
  await emulator.stop();
  await store.close();
});

function outboxWith(options: Partial<OutboxOptions> = {}): Outbox {
  const outbox = createOutbox({
    store: clock.tracked(outboxStore),
    send,
    onBlocked: clock.tracked((userId: number) => markInactive(applicants, userId, new Date(clock.now()))),
    log: createLogger('silent'),
    now: clock.now,
    setTimer: clock.setTimer,
    sweepIntervalMs: 0,
    ...options,
  });
  outboxes.push(outbox);
  return outbox;
}

/** Moves the manual clock, timer by timer, until the outbox has settled everything it holds. */
async function untilIdle(outbox: Outbox): Promise<void> {
  let idle = false;
  void outbox.whenIdle().then(() => {
    idle = true;
  });
  await clock.runUntil('the outbox is idle', () => idle);
}

/** `send`, noting the manual time each attempt starts. */
const sendNotingTimes =
  (timesMs: number[]): SendMessage =>
  (chatId, html) => {
    timesMs.push(clock.now());
    return send(chatId, html);
  };

const gapsBetween = (timesMs: readonly number[]) =>
  timesMs.slice(1).map((t, i) => t - (timesMs[i] as number));

const reminderFor = (user: SimulatedUser, n = 1): Notification => ({
  userId: user.id,
  chatId: user.chatId,
  html: `<b>提醒</b> ${n}`,
  reason: 'daily',
  dedupeKey: `reminder:daily:2020-03-${String(n).padStart(2, '0')}:${user.id}`,
});

const sendCalls = () => emulator.callCount('sendMessage');

describe('the outbox', () => {
  it('records a notification before sending anything, and delivers it once started', async () => {
    const user = emulator.createUser();
    const reminder = reminderFor(user);
    const statesSeenWhenSending: (string | undefined)[] = [];
    const outbox = outboxWith({
      send: clock.tracked<SendMessage>(async (chatId, html) => {
        statesSeenWhenSending.push((await outboxStore.get(reminder.dedupeKey))?.state);
        return send(chatId, html);
      }),
    });

    await outbox.notify(reminder);
    expect((await outboxStore.get(reminder.dedupeKey))?.state).toBe('pending');
    expect(sendCalls()).toBe(0);

    await outbox.start();
    await untilIdle(outbox);
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
    await untilIdle(outbox);
    expect(await outbox.record(reminderFor(user))).toBe('duplicate');
    const another = outboxWith();
    await another.start();
    expect(await another.record(reminderFor(user))).toBe('duplicate');
    await untilIdle(another);
    expect(sendCalls()).toBe(1);
    expect(user.messages()).toHaveLength(1);
  });

  it('sends at most the configured messages a second overall, spread evenly, and one a second per chat', async () => {
    const users = Array.from({ length: 6 }, () => emulator.createUser());
    const talkative = emulator.createUser();
    const outbox = outboxWith({ limits: { messagesPerSecond: 5 } });
    await Promise.all([
      ...[1, 2].map((n) => outbox.notify(reminderFor(talkative, n))),
      ...users.map((u) => outbox.notify(reminderFor(u))),
    ]);
    const startedMs = clock.now();
    await outbox.start();
    await untilIdle(outbox);

    const sends = sendTimes([...users, talkative]);
    const timesMs = sends.map((s) => s.atMs);
    expect(sends).toHaveLength(8);
    expect(maxInWindow(timesMs, 1000)).toBeLessThanOrEqual(5);
    // Spread evenly: never two closer than 1000 ms / 5.
    expect(Math.min(...gapsBetween(timesMs))).toBeGreaterThanOrEqual(200);
    const [first, second] = sends.filter((s) => s.chatId === talkative.chatId).map((s) => s.atMs);
    expect((second ?? 0) - (first ?? 0)).toBeGreaterThanOrEqual(1000);
    expect(talkative.messages().map((m) => m.text)).toEqual(['提醒 1', '提醒 2']);
    // One every 200 ms: 8 messages take 1.4 s, and no longer than the limits make them.
    expect(timesMs[0]).toBe(startedMs);
    expect(clock.now() - startedMs).toBe(1400);
  });

  it('sends to one chat at most one message a second, in order', async () => {
    const user = emulator.createUser();
    const outbox = outboxWith();
    await Promise.all([1, 2, 3].map((n) => outbox.notify(reminderFor(user, n))));
    const startedMs = clock.now();
    await outbox.start();
    await untilIdle(outbox);

    const timesMs = sendTimes([user]).map((s) => s.atMs);
    // The overall pacing alone would send them 40 ms apart.
    expect(gapsBetween(timesMs)).toEqual([1000, 1000]);
    expect(timesMs[0]).toBe(startedMs);
    expect(user.messages().map((m) => m.text)).toEqual(['提醒 1', '提醒 2', '提醒 3']);
  });

  it('on 429 pauses every chat for retry_after, then sends again', async () => {
    const [first, second] = [emulator.createUser(), emulator.createUser()];
    emulator.failNext('sendMessage', { errorCode: 429, retryAfter: 1 });
    const outbox = outboxWith();
    const startedMs = clock.now();
    await outbox.start();
    await outbox.notify(reminderFor(first));
    await clock.runUntil('the 429 is answered', () => outbox.stats.rateLimited === 1);
    // A chat never sent to, so only the pause holds it back.
    await outbox.notify(reminderFor(second));
    await untilIdle(outbox);

    for (const user of [first, second]) {
      const [message] = user.messages();
      expect((message?.date ?? 0) - startedMs).toBeGreaterThanOrEqual(1000);
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
    await untilIdle(outbox);

    expect(sendCalls()).toBe(1);
    expect((await outboxStore.get(reminderFor(user, 1).dedupeKey))?.state).toBe('blocked');
    expect((await outboxStore.get(reminderFor(user, 2).dedupeKey))?.state).toBe('blocked');
    expect((await applicants.get(user.id))?.inactive).toBe(true);
    expect(outbox.stats.blocked).toBe(2);
  });

  it('retries a failure with growing pauses and delivers once it passes', async () => {
    const user = emulator.createUser();
    emulator.failNext('sendMessage', { errorCode: 502, count: 2 });
    const attemptsAtMs: number[] = [];
    const outbox = outboxWith({ send: sendNotingTimes(attemptsAtMs) });
    await outbox.start();
    await outbox.notify(reminderFor(user));
    await untilIdle(outbox);

    expect(sendCalls()).toBe(3);
    expect(user.messages()).toHaveLength(1);
    // 2 s, then 4 s.
    expect(gapsBetween(attemptsAtMs)).toEqual([2000, 4000]);
    expect(await outboxStore.get(reminderFor(user).dedupeKey)).toMatchObject({ state: 'sent', attempts: 3 });
  });

  it('gives up after 5 attempts and records the failure', async () => {
    const user = emulator.createUser();
    emulator.failNext('sendMessage', { errorCode: 500, count: 10 });
    const attemptsAtMs: number[] = [];
    const outbox = outboxWith({ send: sendNotingTimes(attemptsAtMs) });
    await outbox.start();
    await outbox.notify(reminderFor(user));
    await untilIdle(outbox);

    expect(sendCalls()).toBe(5);
    expect(gapsBetween(attemptsAtMs)).toEqual([2000, 4000, 8000, 16_000]);
    expect(await outboxStore.get(reminderFor(user).dedupeKey)).toMatchObject({
      state: 'failed',
      attempts: 5,
      lastError: expect.stringContaining('500'),
    });
    expect(outbox.stats).toMatchObject({ failed: 1, retried: 4, sent: 0 });
  });

  it('does not retry a message Telegram refuses as bad (400)', async () => {
    const user = emulator.createUser();
    emulator.failNext('sendMessage', { errorCode: 400, description: "Bad Request: can't parse entities" });
    const outbox = outboxWith();
    await outbox.start();
    await outbox.notify(reminderFor(user));
    await untilIdle(outbox);
    await clock.advanceBy(60_000);
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
    const now = new Date(clock.now());
    await outboxStore.add([reminderFor(waiting)], gone, now);
    const [mid] = await outboxStore.add([reminderFor(midSend)], gone, now);
    if (mid) await outboxStore.update(mid, { state: 'sending', attempts: 1 }, now);
    await outboxStore.add([reminderFor(othersLive)], live, now);

    const outbox = outboxWith();
    await outbox.start();
    await untilIdle(outbox);

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
    // Telegram answers the first send only once the outbox has been told to stop.
    let sendStarted = () => {};
    const firstSendInFlight = new Promise<void>((resolve) => {
      sendStarted = resolve;
    });
    let answer = () => {};
    const answered = new Promise<void>((resolve) => {
      answer = resolve;
    });
    const outbox = outboxWith({
      send: async (chatId, html) => {
        sendStarted();
        await answered;
        return send(chatId, html);
      },
    });
    await outbox.start();
    await Promise.all([1, 2, 3].map((n) => outbox.notify(reminderFor(user, n))));
    await firstSendInFlight;
    const stopped = outbox.stop();
    answer();
    await stopped;

    expect(await outboxStore.countByState()).toMatchObject({ sent: 1, pending: 2, sending: 0 });
    expect(sendCalls()).toBe(1);
    // However long one waits after the stop, nothing more goes out.
    await clock.advanceBy(60_000);
    expect(sendCalls()).toBe(1);
  });
});
