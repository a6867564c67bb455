import { afterEach, expect, it } from 'vitest';
import type { CorruptRecordError } from '../../src/errors.js';
import { createPostgresOutboxLeases } from '../../src/storage/postgres/postgres-outbox-leases.js';
import { createPostgresOutboxRepository } from '../../src/storage/postgres/postgres-outbox-repository.js';
import { createPostgresSendPacer } from '../../src/storage/postgres/postgres-send-pacer.js';
import { openPostgresStore, type PostgresStore } from '../../src/storage/postgres/postgres-store.js';
import { describeOutboxRepositoryContract } from '../contracts/outbox-repository.contract.js';
import { createTestSchema, describeWithPostgres, type TestSchema } from '../helpers/postgres.js';

describeWithPostgres('the outbox repository on PostgreSQL', () => {
  describeOutboxRepositoryContract('PostgreSQL', async () => {
    const schema = await createTestSchema();
    const stores: PostgresStore[] = [];
    const open = async () => {
      const store = await openPostgresStore(schema.url, { poolSize: 4 });
      stores.push(store);
      return store;
    };
    const store = await open();
    const reported: CorruptRecordError[] = [];
    return {
      outbox: createPostgresOutboxRepository(store.pool, { onCorrupt: (error) => reported.push(error) }),
      reported,
      another: async () =>
        createPostgresOutboxRepository((await open()).pool, { onCorrupt: () => undefined }),
      writeRaw: async (key, record) => {
        await schema.admin.query(
          `INSERT INTO outbox (dedupe_key, record) VALUES ($1, $2::jsonb)
           ON CONFLICT (dedupe_key) DO UPDATE SET record = excluded.record`,
          [key, JSON.stringify(record)],
        );
      },
      readRaw: async (key) =>
        (await schema.admin.query('SELECT record FROM outbox WHERE dedupe_key = $1', [key])).rows[0]?.record,
      close: async () => {
        await Promise.all(stores.map((s) => s.close()));
        await schema.drop();
      },
    };
  });
});

// What only the shared store does: one pace and one notion of liveness for every instance on it.
describeWithPostgres('the outbox pace and leases on PostgreSQL', () => {
  const schemas: TestSchema[] = [];
  const stores: PostgresStore[] = [];
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
    await Promise.all(schemas.splice(0).map((s) => s.drop()));
  });
  /** Two instances' pools on one fresh schema. */
  async function twoInstances() {
    const schema = await createTestSchema();
    schemas.push(schema);
    const a = await openPostgresStore(schema.url, { poolSize: 2 });
    const b = await openPostgresStore(schema.url, { poolSize: 2 });
    stores.push(a, b);
    return { a: a.pool, b: b.pool };
  }
  const limits = { messagesPerSecond: 25, perChatIntervalMs: 1000 };
  const T0 = Date.parse('2020-03-25T02:00:00Z');

  it('grants one send per 40 ms slot across instances, and one a second per chat', async () => {
    const { a, b } = await twoInstances();
    const [pa, pb] = [a, b].map((pool) => createPostgresSendPacer(pool, { ...limits, clock: 'engine' }));
    if (!pa || !pb) throw new Error('no pacers');
    expect(await pa.take(1, T0)).toEqual({ granted: true });
    expect(await pb.take(2, T0 + 10)).toEqual({ granted: false, waitMs: 30, scope: 'all' });
    expect(await pb.take(1, T0 + 40)).toEqual({ granted: false, waitMs: 960, scope: 'chat' });
    expect(await pb.take(2, T0 + 40)).toEqual({ granted: true });
    expect(await pa.take(1, T0 + 1000)).toEqual({ granted: true });
  });

  it('gives each slot to exactly one of many asking at once', async () => {
    const { a, b } = await twoInstances();
    const pacers = [a, b].map((pool) => createPostgresSendPacer(pool, { ...limits, clock: 'engine' }));
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => pacers[i % 2]?.take(100 + i, T0)));
    expect(answers.filter((answer) => answer?.granted)).toHaveLength(1);
  });

  it('holds every instance during a 429 pause, and never shortens a longer one', async () => {
    const { a, b } = await twoInstances();
    const [pa, pb] = [a, b].map((pool) => createPostgresSendPacer(pool, { ...limits, clock: 'engine' }));
    if (!pa || !pb) throw new Error('no pacers');
    await pa.pause(3000, T0);
    await pb.pause(1000, T0);
    expect(await pb.take(7, T0 + 2000)).toEqual({ granted: false, waitMs: 1000, scope: 'all' });
    expect(await pb.take(7, T0 + 3000)).toEqual({ granted: true });
  });

  it('keeps the pace on the database’s clock by default', async () => {
    const { a } = await twoInstances();
    const pacer = createPostgresSendPacer(a, limits);
    expect(await pacer.take(1, 0)).toEqual({ granted: true });
    const next = await pacer.take(2, 0);
    expect(next.granted).toBe(false);
    if (!next.granted) expect(next.waitMs).toBeLessThanOrEqual(40);
  });

  it('says an owner has gone only once its lease ran out unrenewed, or it gave the lease up', async () => {
    const { a, b } = await twoInstances();
    const [la, lb] = [a, b].map((pool) => createPostgresOutboxLeases(pool, { ttlMs: 30_000 }));
    if (!la || !lb) throw new Error('no leases');
    const records = [
      { owner: 'a', updatedAt: '' },
      { owner: 'c', updatedAt: '' },
    ];
    await la.renew('a', new Date(T0));
    await lb.renew('c', new Date(T0));
    expect(await lb.abandoned(records, 'b', new Date(T0 + 29_999))).toEqual([]);
    await la.renew('a', new Date(T0 + 20_000));
    expect(await lb.abandoned(records, 'b', new Date(T0 + 30_000))).toEqual([records[1]]);
    expect(await lb.abandoned(records, 'b', new Date(T0 + 50_000))).toEqual(records);
    await la.renew('a', new Date(T0 + 50_000));
    await la.release('a');
    expect(await lb.abandoned(records, 'a', new Date(T0 + 50_000))).toEqual([records[1]]);
    expect(await lb.abandoned([{ owner: 'a', updatedAt: '' }], 'b', new Date(T0 + 50_000))).toHaveLength(1);
  });
});
