import { Writable } from 'node:stream';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { UpdateGate } from '../../src/app/ports/update-gate.js';
import type { UpdateLog } from '../../src/app/ports/update-log.js';
import { newApplicant } from '../../src/domain/applicant.js';
import { createLogger } from '../../src/log.js';
import { createKeyLock } from '../../src/storage/key-lock.js';
import { openStore } from '../../src/storage/open-store.js';
import { createPostgresApplicantRepository } from '../../src/storage/postgres/postgres-applicant-repository.js';
import { openPostgresStore } from '../../src/storage/postgres/postgres-store.js';
import { createPostgresUpdateGate } from '../../src/storage/postgres/postgres-update-gate.js';
import { updateGateOf } from '../../src/storage/update-gate.js';
import { createUpdateLogStore } from '../../src/storage/update-log-store.js';
import { offerWebhookAnswer } from '../../src/webhook/webhook-answer.js';
import {
  type IncomingUpdate,
  startWebhookServer,
  type WebhookServer,
  type WebhookServerOptions,
} from '../../src/webhook/webhook-server.js';
import { createTestSchema, describeWithPostgres, type TestSchema } from '../helpers/postgres.js';

const SECRET = 'the-webhook-secret_123';
const PATH = '/telegram/hook';
const clock = { now: () => new Date('2020-03-20T10:00:00+08:00') };

/** A promise and the functions that settle it. */
function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Whether a promise is still pending once everything already runnable has run (no timer involved). */
async function isPending(promise: Promise<unknown>): Promise<boolean> {
  const marker = Symbol('pending');
  const settled = await Promise.race([
    promise.then(
      () => undefined,
      () => undefined,
    ),
    new Promise<symbol>((resolve) => setImmediate(() => resolve(marker))),
  ]);
  return settled === marker;
}

const message = (updateId: number, chatId: number, text = 'hello') => ({
  update_id: updateId,
  message: {
    message_id: updateId,
    date: 0,
    chat: { id: chatId, type: 'private' },
    from: { id: chatId },
    text,
  },
});
const press = (updateId: number, chatId: number) => ({
  update_id: updateId,
  callback_query: {
    id: String(updateId),
    from: { id: chatId },
    message: { message_id: 1, chat: { id: chatId, type: 'private' } },
    data: 'x',
  },
});

const silentLog = createLogger('silent', new Writable({ write: (_c, _e, done) => done() }));

/** Posts an update as Telegram would; `secret` null sends no secret header. */
function post(server: WebhookServer, body: unknown, secret: string | null = SECRET): Promise<Response> {
  return fetch(`${server.url}${PATH}`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      ...(secret !== null && { 'X-Telegram-Bot-Api-Secret-Token': secret }),
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** A webhook server on a free port whose `apply` records what it was given and waits for the test's word. */
async function serve(
  deps: { gate: UpdateGate },
  options: Partial<WebhookServerOptions> & { hold?: (update: IncomingUpdate) => Promise<void> } = {},
) {
  const applied: number[] = [];
  const started: number[] = [];
  const server = await startWebhookServer({
    port: 0,
    path: PATH,
    secret: SECRET,
    healthy: async () => true,
    log: silentLog,
    ...deps,
    apply: async (update) => {
      started.push(update.update_id);
      await options.hold?.(update);
      applied.push(update.update_id);
    },
    ...options,
  });
  servers.push(server);
  return { server, applied, started };
}

const servers: WebhookServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe('the webhook edge, on the embedded store', () => {
  let updates: UpdateLog;
  let close: () => Promise<void>;
  beforeAll(async () => {
    const store = await openStore('sqlite://:memory:');
    updates = createUpdateLogStore(store.keyv, clock);
    close = store.close;
  });
  afterAll(() => close());
  const embedded = () => ({ gate: updateGateOf(createKeyLock(), updates) });

  it('refuses a request without the secret, or with a wrong one, and applies nothing', async () => {
    const { server, started } = await serve(embedded());
    for (const secret of [null, `${SECRET}x`, '', SECRET.slice(0, -1)])
      expect((await post(server, message(1, 10), secret)).status, `secret ${secret}`).toBe(401);
    expect(started).toEqual([]);
  });

  it('answers 200 only once the update is applied', async () => {
    const gate = deferred();
    const { server, applied } = await serve(embedded(), { hold: () => gate.promise });
    const answer = post(server, message(2, 11));
    await expect.poll(() => isPending(answer)).toBe(true);
    gate.resolve();
    expect((await answer).status).toBe(200);
    expect(applied).toEqual([2]);
  });

  it('applies an update delivered twice once, and answers both 200', async () => {
    const { server, applied } = await serve(embedded());
    expect((await post(server, message(3, 12))).status).toBe(200);
    expect((await post(server, message(3, 12))).status).toBe(200);
    expect(applied).toEqual([3]);
  });

  it("carries the first Bot API call an update offers in its 200, once the update is applied; never a failed one's", async () => {
    const offered: boolean[] = [];
    const { server } = await serve(embedded(), {
      hold: async (update) => {
        offered.push(
          offerWebhookAnswer(update.update_id, {
            method: 'answerCallbackQuery',
            callback_query_id: String(update.update_id),
          }),
        );
        offered.push(
          offerWebhookAnswer(update.update_id, {
            method: 'answerCallbackQuery',
            callback_query_id: 'second',
          }),
        );
        if (update.update_id === 31) throw new Error('store unreachable');
      },
    });
    const answer = await post(server, press(30, 13));
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/json');
    expect(await answer.json()).toEqual({ method: 'answerCallbackQuery', callback_query_id: '30' });
    // One call fits in an answer: the second offer is refused, so its caller makes the call itself.
    expect(offered).toEqual([true, false]);
    const failed = await post(server, press(31, 13));
    expect(failed.status).toBe(500);
    expect(await failed.text()).not.toContain('answerCallbackQuery');
    // Delivered again once applied: it causes nothing, and carries nothing.
    const again = await post(server, press(30, 13));
    expect([again.status, await again.text()]).toEqual([200, 'ok']);
    // Once its answer is sent, or for an update not delivered by webhook, there is no answer to carry a call.
    expect(offerWebhookAnswer(30, { method: 'answerCallbackQuery', callback_query_id: '30' })).toBe(false);
  });

  it('answers 500 when the update could not be applied, and applies it when delivered again', async () => {
    let fail = true;
    const { server, applied } = await serve(embedded(), {
      hold: async () => {
        if (fail) throw new Error('store unreachable');
      },
    });
    expect((await post(server, message(4, 13))).status).toBe(500);
    fail = false;
    expect((await post(server, message(4, 13))).status).toBe(200);
    expect(applied).toEqual([4]);
  });

  it("applies one chat's message and button press one at a time, and other chats meanwhile", async () => {
    const gates = new Map([5, 6, 7].map((id) => [id, deferred()]));
    const { server, started } = await serve(embedded(), {
      hold: (u) => gates.get(u.update_id)?.promise ?? Promise.resolve(),
    });
    const first = post(server, message(5, 14));
    await expect.poll(() => started).toEqual([5]);
    const pressed = post(server, press(6, 14));
    const other = post(server, message(7, 15));
    await expect.poll(() => started).toEqual([5, 7]);
    expect(await isPending(pressed)).toBe(true);
    gates.get(7)?.resolve();
    expect((await other).status).toBe(200);
    gates.get(5)?.resolve();
    expect((await first).status).toBe(200);
    await expect.poll(() => started).toEqual([5, 7, 6]);
    gates.get(6)?.resolve();
    expect((await pressed).status).toBe(200);
  });

  it('refuses what is not an update, on the hook and elsewhere', async () => {
    const { server, started } = await serve(embedded());
    expect((await post(server, '{"update_id": ')).status).toBe(400);
    expect((await post(server, { update_id: -1 })).status).toBe(400);
    expect((await post(server, { message: {} })).status).toBe(400);
    expect((await post(server, { update_id: 8, big: 'x'.repeat(1_100_000) })).status).toBe(413);
    expect((await fetch(`${server.url}${PATH}`)).status).toBe(405);
    expect((await fetch(`${server.url}/other`, { method: 'POST', body: '{}' })).status).toBe(404);
    expect(started).toEqual([]);
  });

  it('answers 503 with Retry-After when busy, and when an update takes too long', async () => {
    const gate = deferred();
    const { server } = await serve(embedded(), { maxInFlight: 1, hold: () => gate.promise });
    const first = post(server, message(9, 16));
    await expect.poll(() => isPending(first)).toBe(true);
    const busy = await post(server, message(10, 17));
    expect(busy.status).toBe(503);
    expect(busy.headers.get('retry-after')).toBe('1');
    gate.resolve();
    expect((await first).status).toBe(200);

    const slow = deferred();
    const { server: late, applied } = await serve(embedded(), {
      answerWithinMs: 1,
      hold: () => slow.promise,
    });
    const answer = await post(late, message(11, 18));
    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).toBe('5');
    slow.resolve();
    await expect.poll(() => applied).toEqual([11]);
    // Delivered again (Telegram would), it is found applied and answered 200 without applying it twice.
    await expect.poll(async () => (await post(late, message(11, 18))).status).toBe(200);
    expect(applied).toEqual([11]);
  });

  it('answers /healthz 200 while the store answers, 503 when it does not', async () => {
    let up = true;
    const { server } = await serve(embedded(), { healthy: async () => up });
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    up = false;
    expect((await fetch(`${server.url}/healthz`)).status).toBe(503);
  });
});

describeWithPostgres('the webhook edge, two instances on one PostgreSQL', () => {
  let schema: TestSchema;
  let instances: { pool: pg.Pool; lockPool: pg.Pool; close(): Promise<void> }[];
  beforeAll(async () => {
    schema = await createTestSchema();
    instances = await Promise.all(
      [1, 2].map(async () => {
        const store = await openPostgresStore(schema.url, { poolSize: 4 });
        const lockPool = new pg.Pool({ connectionString: schema.url, max: 4 });
        return {
          pool: store.pool,
          lockPool,
          close: async () => void (await Promise.all([store.close(), lockPool.end()])),
        };
      }),
    );
  });
  afterAll(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
    for (const i of instances ?? []) await i.close();
    await schema?.drop();
  });
  const shared = (i: number) => ({
    gate: createPostgresUpdateGate((instances[i] as { lockPool: pg.Pool }).lockPool, clock),
  });

  it('applies an update delivered to both instances at once only once', async () => {
    const applied: number[] = [];
    const [a, b] = await Promise.all(
      [0, 1].map((i) => serve(shared(i), { hold: async (u) => void applied.push(u.update_id) })),
    );
    const chat = 900_000_000 + Math.floor(Math.random() * 1_000_000);
    const answers = await Promise.all([
      post((a as { server: WebhookServer }).server, message(100, chat)),
      post((b as { server: WebhookServer }).server, message(100, chat)),
    ]);
    expect(answers.map((r) => r.status)).toEqual([200, 200]);
    expect(applied).toEqual([100]);
  });

  it("holds a chat's button press on one instance while its message is applied on the other", async () => {
    const gate = deferred();
    const order: string[] = [];
    const chat = 910_000_000 + Math.floor(Math.random() * 1_000_000);
    const { server: a } = await serve(shared(0), {
      hold: async () => {
        order.push('message started');
        await gate.promise;
        order.push('message done');
      },
    });
    const { server: b } = await serve(shared(1), { hold: async () => void order.push('press applied') });
    const first = post(a, message(200, chat));
    await expect.poll(() => order).toEqual(['message started']);
    const second = post(b, press(201, chat));
    expect(await isPending(second)).toBe(true);
    gate.resolve();
    expect((await first).status).toBe(200);
    expect((await second).status).toBe(200);
    expect(order).toEqual(['message started', 'message done', 'press applied']);
  });

  it('forgets updates applied more than a day ago', async () => {
    const gate = createPostgresUpdateGate((instances[0] as { lockPool: pg.Pool }).lockPool, clock);
    const work = vi.fn(async () => {});
    expect(await gate.run({ chatKey: 'chat:300', updateId: 300 }, work)).toBe('applied');
    expect(await gate.run({ chatKey: 'chat:300', updateId: 300 }, work)).toBe('duplicate');
    expect(await gate.prune(new Date(clock.now().getTime() + 1))).toBeGreaterThanOrEqual(1);
    expect(await gate.run({ chatKey: 'chat:300', updateId: 300 }, work)).toBe('applied');
    expect(work).toHaveBeenCalledTimes(2);
  });

  it('records nothing for an update whose work failed, and lets the chat go', async () => {
    const gate = createPostgresUpdateGate((instances[0] as { lockPool: pg.Pool }).lockPool, clock);
    await expect(
      gate.run({ chatKey: 'chat:310', updateId: 310 }, async () => {
        throw new Error('store unreachable');
      }),
    ).rejects.toThrow('store unreachable');
    // Delivered again, it is applied (nothing was recorded), and the lock was let go (this does not hang).
    expect(await gate.run({ chatKey: 'chat:310', updateId: 310 }, async () => {})).toBe('applied');
  });

  it("applies many chats' updates arriving together once each, a re-delivery among them as a duplicate", async () => {
    const { lockPool } = instances[0] as { lockPool: pg.Pool };
    const gate = createPostgresUpdateGate(lockPool, clock);
    const applied: number[] = [];
    const ids = Array.from({ length: 30 }, (_, i) => 330_000 + i);
    const outcomes = await Promise.all(
      [...ids, ids[0] as number, ids[7] as number].map((updateId) =>
        gate.run({ chatKey: `chat:${updateId}`, updateId, userId: updateId }, async () => {
          applied.push(updateId);
        }),
      ),
    );
    expect(outcomes.filter((o) => o === 'duplicate')).toHaveLength(2);
    expect(applied.sort()).toEqual(ids);
    const { rows } = await schema.admin.query(
      'SELECT count(*)::int AS n FROM processed_updates WHERE update_id BETWEEN 330000 AND 330029',
    );
    expect(rows[0].n).toBe(30);
  });

  it('fails an update whose chat lock was lost with its connection, and takes the next one on a new connection', async () => {
    const { lockPool } = instances[0] as { lockPool: pg.Pool };
    const gate = createPostgresUpdateGate(lockPool, clock);
    const held = deferred();
    const running = gate.run({ chatKey: 'chat:340', updateId: 340 }, async () => {
      // The connection that holds the chat's lock dies while the update is applied.
      await schema.admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted
           AND objid = (hashtextextended('chat:340', 0) & 4294967295)::oid`,
      );
      await held.promise;
    });
    await expect
      .poll(
        async () =>
          (
            await schema.admin.query(`SELECT 1 FROM pg_locks WHERE locktype = 'advisory'
      AND objid = (hashtextextended('chat:340', 0) & 4294967295)::oid`)
          ).rowCount,
      )
      .toBe(0);
    held.resolve();
    await expect(running).rejects.toThrow();
    // Nothing was recorded, so a re-delivery is applied, under a lock taken on a new connection.
    expect(await gate.run({ chatKey: 'chat:340', updateId: 340 }, async () => {})).toBe('applied');
  });

  it("reads the sender's applicant in the round trip that takes the lock, for the update's handlers", async () => {
    const { pool, lockPool } = instances[0] as { pool: pg.Pool; lockPool: pg.Pool };
    const applicants = createPostgresApplicantRepository(pool, { onCorrupt: () => {} });
    const base = newApplicant({ userId: 320, chatId: 320, lang: 'zh', flowId: 'test', now: clock.now() });
    await applicants.update(320, () => ({ record: { ...base, answers: { first: 1 } }, result: null }));
    const gate = createPostgresUpdateGate(lockPool, clock);
    let seen: unknown;
    await gate.run({ chatKey: 'chat:320', updateId: 320, userId: 320 }, async () => {
      // Changed behind the update's back once it holds the lock: its handlers see the record as read ahead…
      await schema.admin.query(
        `UPDATE applicants SET record = jsonb_set(record, '{answers}', '{"other": 2}') WHERE user_id = 320`,
      );
      seen = (await applicants.get(320))?.answers;
    });
    expect(seen).toEqual({ first: 1 });
    // …and after the update, the store's.
    expect((await applicants.get(320))?.answers).toEqual({ other: 2 });
  });
});
