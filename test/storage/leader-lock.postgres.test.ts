import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPostgresLeaderLock } from '../../src/storage/postgres/postgres-leader-lock.js';
import { createTestSchema, describeWithPostgres, type TestSchema } from '../helpers/postgres.js';

// A reminder pass runs on one instance at a time: two instances are two pools on one database.
describeWithPostgres('the leader lock across instances on one PostgreSQL', () => {
  let schema: TestSchema;
  let pools: pg.Pool[];
  beforeAll(async () => {
    schema = await createTestSchema();
    pools = [1, 2].map(() => new pg.Pool({ connectionString: schema.url, max: 2 }));
  });
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.end()));
    await schema.drop();
  });

  it('lets one instance run a pass while the other skips it, then lets the other run the next', async () => {
    const [a, b] = pools.map((p) => createPostgresLeaderLock(p));
    const name = `reminders-${Math.random()}`;
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let started!: () => void;
    const running = new Promise<void>((resolve) => {
      started = resolve;
    });
    const first = a?.runExclusive(name, async () => {
      started();
      await held;
      return 'a';
    });
    await running;
    expect(await b?.runExclusive(name, async () => 'b')).toBeUndefined();
    release();
    expect(await first).toBe('a');
    expect(await b?.runExclusive(name, async () => 'b')).toBe('b');
  });

  it('frees the lock when the holder dies: its connection closes', async () => {
    const name = `reminders-${Math.random()}`;
    const doomed = new pg.Client({ connectionString: schema.url });
    await doomed.connect();
    await doomed.query("SELECT pg_advisory_lock(hashtextextended('leader:' || $1, 0))", [name]);
    const lock = createPostgresLeaderLock(pools[1] as pg.Pool);
    expect(await lock.runExclusive(name, async () => 'ran')).toBeUndefined();
    await doomed.end();
    expect(await lock.runExclusive(name, async () => 'ran')).toBe('ran');
  });

  it('skips a second pass of a name within one instance without asking the database', async () => {
    const lock = createPostgresLeaderLock(pools[0] as pg.Pool);
    const name = `reminders-${Math.random()}`;
    let release!: () => void;
    const first = lock.runExclusive(
      name,
      () =>
        new Promise<string>((resolve) => {
          release = () => resolve('first');
        }),
    );
    await expect.poll(() => release !== undefined).toBe(true);
    expect(await lock.runExclusive(name, async () => 'second')).toBeUndefined();
    release();
    expect(await first).toBe('first');
  });
});
