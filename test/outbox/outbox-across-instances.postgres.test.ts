import { afterEach, expect, it } from 'vitest';
import type { OutboxLeases } from '../../src/app/ports/outbox-leases.js';
import type { SendMessage } from '../../src/app/ports/sender.js';
import type { Notification } from '../../src/domain/notifier.js';
import type { SimulatedUser } from '../../src/emulator/simulated-user.js';
import {
  createTestBotApiEmulator,
  type TestBotApiEmulator,
} from '../../src/emulator/testing/test-bot-api-emulator.js';
import { createLogger } from '../../src/log.js';
import { createOutbox, type Outbox } from '../../src/outbox/outbox.js';
import type { SetTimer } from '../../src/outbox/set-timer.js';
import { createPostgresOutboxLeases } from '../../src/storage/postgres/postgres-outbox-leases.js';
import { createPostgresOutboxRepository } from '../../src/storage/postgres/postgres-outbox-repository.js';
import { createPostgresSendPacer } from '../../src/storage/postgres/postgres-send-pacer.js';
import { openPostgresStore, type PostgresStore } from '../../src/storage/postgres/postgres-store.js';
import { botApiSender } from '../../src/telegram/telegram-sender.js';
import { ManualClock } from '../helpers/manual-clock.js';
import { createTestSchema, describeWithPostgres, type TestSchema } from '../helpers/postgres.js';
import { maxInWindow, sendTimes } from '../helpers/send-times.js';

const LEASE_MS = 10_000;
const RETRY_AFTER_S = 2;

/**
 * What SIGKILL does to an instance, in process: from the moment it dies, nothing it calls reaches the
 * database or Telegram and nothing it awaits settles, and its timers (heartbeat, sweeps) never fire. Its
 * lease is not given up and its records stay as they were, `sending` included.
 */
class Death {
  dead = false;
  /** `target` (a function, or an object's methods) cut off once dead. */
  guard<T extends object>(target: T): T {
    const cut = (call: () => unknown) => (this.dead ? new Promise(() => {}) : call());
    return new Proxy(target, {
      apply: (fn, self, args) => cut(() => Reflect.apply(fn as (...a: unknown[]) => unknown, self, args)),
      get: (object, key) => {
        const value: unknown = Reflect.get(object, key);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => cut(() => Reflect.apply(value, object, args));
      },
    });
  }
  timers(setTimer: SetTimer): SetTimer {
    return (callback, delayMs, options) =>
      setTimer(
        () => {
          if (!this.dead) callback();
        },
        delayMs,
        options,
      );
  }
}

let schema: TestSchema | undefined;
let emulator: TestBotApiEmulator | undefined;
const stores: PostgresStore[] = [];
const survivors: Outbox[] = [];
afterEach(async () => {
  await Promise.all(survivors.splice(0).map((o) => o.stop()));
  await Promise.all(stores.splice(0).map((s) => s.close()));
  await schema?.drop();
  await emulator?.stop();
});

/** A Bot API emulator and a fresh schema on a manual clock, and a way to start instances on them. */
async function setUp() {
  const clock = new ManualClock(Date.parse('2020-03-25T01:00:00Z'));
  // Message dates in "seconds" that are the manual clock's milliseconds: when each send reached Telegram.
  const api = createTestBotApiEmulator({ clock: () => clock.now() * 1000 });
  emulator = api;
  const { apiRoot } = await api.start();
  schema = await createTestSchema();
  const send = clock.tracked(botApiSender(api.botToken, apiRoot));
  const rateLimitedAtMs: number[] = [];

  /** One instance: its own pool on the shared schema, its own outbox engine, all on the manual clock. */
  const instance = async (
    name: string,
    death = new Death(),
    sendOf: (send: SendMessage) => SendMessage = (send) => send,
  ) => {
    const store = await openPostgresStore(schema?.url ?? '', { poolSize: 4 });
    stores.push(store);
    const leases = createPostgresOutboxLeases(store.pool, { ttlMs: LEASE_MS });
    const renewedAtMs: number[] = [];
    const noted: OutboxLeases = {
      ...leases,
      abandoned: (records, self, now) => leases.abandoned(records, self, now),
      renew: (owner, now) => leases.renew(owner, now).then(() => void renewedAtMs.push(now.getTime())),
    };
    const outbox = createOutbox({
      store: death.guard(clock.tracked(createPostgresOutboxRepository(store.pool, { onCorrupt: () => {} }))),
      pacer: death.guard(
        clock.tracked(
          createPostgresSendPacer(store.pool, {
            messagesPerSecond: 25,
            perChatIntervalMs: 1000,
            clock: 'engine',
          }),
        ),
      ),
      leases: death.guard(clock.tracked(noted)),
      send: death.guard(
        sendOf(async (chatId, html) => {
          const result = await send(chatId, html);
          if (!result.ok && result.kind === 'rate_limited') rateLimitedAtMs.push(clock.now());
          return result;
        }),
      ),
      onBlocked: async () => {},
      log: createLogger('silent'),
      now: clock.now,
      setTimer: death.timers(clock.setTimer),
      owner: `host-${name}:1:${name}`,
    });
    return { outbox, renewedAtMs, pool: store.pool };
  };
  return { clock, api, rateLimitedAtMs, instance };
}

describeWithPostgres('the outbox across two instances on one PostgreSQL', () => {
  it('sends 300 reminders once each at the shared pace, through a 429 and an instance killed mid-pass', async () => {
    const { clock, api, rateLimitedAtMs, instance } = await setUp();

    // A dies as it is about to hand its 60th message to Telegram: that record stays `sending`.
    const deathOfA = new Death();
    let killedAtMs = 0;
    let killedChat: { chatId: number; html: string } | undefined;
    let sendsOfA = 0;
    const a = await instance('a', deathOfA, (send) => (chatId, html) => {
      if (++sendsOfA === 60) {
        deathOfA.dead = true;
        killedAtMs = clock.now();
        killedChat = { chatId, html };
        return new Promise(() => {});
      }
      return send(chatId, html);
    });
    const b = await instance('b');
    survivors.push(b.outbox);

    // 10 chats with 15 reminders each (one a second per chat binds) and 150 with one (25 a second binds);
    // each chat's reminders are recorded half by one instance, half by the other.
    const talkative = Array.from({ length: 10 }, () => api.createUser());
    const quiet = Array.from({ length: 150 }, () => api.createUser());
    const reminder = (user: SimulatedUser, n: number): Notification => ({
      userId: user.id,
      chatId: user.chatId,
      html: `<b>提醒</b> ${n}`,
      reason: 'daily',
      dedupeKey: `reminder:${n}:${user.id}`,
    });
    const reminders = [
      ...talkative.flatMap((user) => Array.from({ length: 15 }, (_, n) => reminder(user, n + 1))),
      ...quiet.map((user) => reminder(user, 1)),
    ];
    const recorded = await Promise.all(reminders.map((r, i) => (i % 2 ? b : a).outbox.record(r)));
    expect(recorded.filter((r) => r === 'recorded')).toHaveLength(300);

    const users = [...talkative, ...quiet];
    const delivered = () => new Set(sendTimes(users).map((s) => `${s.chatId}:${s.message.text}`)).size;
    const startedMs = clock.now();
    await Promise.all([a.outbox.start(), b.outbox.start()]);
    await clock.runUntil('40 sent', () => api.callCount('sendMessage') === 40);
    api.failNext('sendMessage', { errorCode: 429, retryAfter: RETRY_AFTER_S });
    // What A held when it died, read the moment it died (nothing moves the clock meanwhile).
    await clock.runUntil('A is dead', () => deathOfA.dead);
    const heldByA = (
      await a.pool.query<{ dedupe_key: string }>(
        `SELECT dedupe_key FROM outbox WHERE owner = 'host-a:1:a' AND state IN ('pending', 'sending')`,
      )
    ).rows.map((row) => row.dedupe_key);
    await clock.runUntil('every reminder is delivered', () => delivered() === 300, { maxTimers: 50_000 });
    // Long enough after for a late second send of anything to show.
    await clock.advanceBy(2 * LEASE_MS);

    const sends = sendTimes(users);
    const timesMs = sends.map((s) => s.atMs);
    // Each message once: 300 messages, 300 different ones.
    expect(sends).toHaveLength(300);
    expect(delivered()).toBe(300);
    // At most 25 in any second, counting both instances' sends together.
    const mostInASecond = maxInWindow(timesMs, 1000);
    expect(mostInASecond).toBeLessThanOrEqual(25);
    // One a second per chat, though each chat's reminders were shared between the instances.
    const perChatGapsMs = users.flatMap((user) => {
      const times = sendTimes([user]).map((s) => s.atMs);
      return times.slice(1).map((t, i) => t - (times[i] as number));
    });
    const minPerChatGapMs = Math.min(...perChatGapsMs);
    expect(minPerChatGapMs).toBeGreaterThanOrEqual(1000);
    // The 429 paused both instances for its retry_after.
    expect(rateLimitedAtMs).toHaveLength(1);
    const pausedFromMs = rateLimitedAtMs[0] as number;
    expect(timesMs.filter((t) => t > pausedFromMs && t < pausedFromMs + RETRY_AFTER_S * 1000)).toEqual([]);
    // A died holding records, one of them mid-send; B took them over once A's lease ran out, not before.
    expect(heldByA.length).toBeGreaterThan(1);
    const leaseEndMs = Math.max(...a.renewedAtMs.filter((t) => t <= killedAtMs)) + LEASE_MS;
    const takenOver = new Set(heldByA);
    const keyOf = new Map(
      reminders.map((r) => [`${r.chatId}:${r.html.replace(/<\/?b>/g, '')}`, r.dedupeKey]),
    );
    const takenOverTimes = sends
      .filter((s) => takenOver.has(keyOf.get(`${s.chatId}:${s.message.text}`) ?? ''))
      .map((s) => s.atMs);
    expect(takenOverTimes).toHaveLength(heldByA.length ?? -1);
    expect(Math.min(...takenOverTimes)).toBeGreaterThanOrEqual(leaseEndMs);
    expect(b.outbox.stats.resumed).toBe(heldByA.length);
    const midSend = reminders.find((r) => r.chatId === killedChat?.chatId && r.html === killedChat?.html);
    const final = await b.pool.query('SELECT record FROM outbox WHERE dedupe_key = $1', [midSend?.dedupeKey]);
    expect(final.rows[0]?.record).toMatchObject({ state: 'sent', attempts: 2, owner: 'host-b:1:b' });

    const durationMs = Math.max(...timesMs) - startedMs;
    console.info(
      `outbox across two instances: 300 sent in ${durationMs} ms (manual clock), at most ${mostInASecond} in any second, ` +
        `${((300 * 1000) / durationMs).toFixed(1)}/s on average, min gap per chat ${minPerChatGapMs} ms, ` +
        `${sends.length - delivered()} duplicates, ${heldByA.length} taken over from the killed instance`,
    );
  });

  it('takes over what a cleanly stopped instance left at its next sweep, without waiting out its lease', async () => {
    const { clock, api, instance } = await setUp();
    const a = await instance('a');
    const b = await instance('b');
    survivors.push(b.outbox);
    const users = Array.from({ length: 3 }, () => api.createUser());
    const reminders = users.flatMap((user) =>
      Array.from({ length: 10 }, (_, n) => ({
        userId: user.id,
        chatId: user.chatId,
        html: `提醒 ${n + 1}`,
        reason: 'daily',
        dedupeKey: `reminder:${n + 1}:${user.id}`,
      })),
    );
    await Promise.all(reminders.map((r) => a.outbox.record(r)));
    const startedMs = clock.now();
    await Promise.all([a.outbox.start(), b.outbox.start()]);
    // Past A's first heartbeat, so that its lease runs well beyond B's first sweep.
    await clock.runUntil('4 s have passed', () => clock.now() >= startedMs + 4000);
    await a.outbox.stop();
    const stoppedAtMs = clock.now();
    const sentByA = sendTimes(users).length;
    expect(sentByA).toBeGreaterThan(0);
    await clock.runUntil('every reminder is delivered', () => sendTimes(users).length === 30);

    const leaseWouldEndMs = Math.max(...a.renewedAtMs) + LEASE_MS;
    const takenOver = sendTimes(users).filter((s) => s.atMs > stoppedAtMs);
    expect(takenOver).toHaveLength(30 - sentByA);
    expect(b.outbox.stats.resumed).toBe(30 - sentByA);
    expect(Math.min(...takenOver.map((s) => s.atMs))).toBeLessThan(leaseWouldEndMs);
    await clock.advanceBy(2 * LEASE_MS);
    expect(sendTimes(users)).toHaveLength(30);
  });
});
