import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createChatLockBatches } from '../../src/storage/postgres/chat-lock-batches.js';
import { openPostgresStore } from '../../src/storage/postgres/postgres-store.js';
import { createTestSchema, describeWithPostgres, type TestSchema } from '../helpers/postgres.js';

// Two instances are two pools on one database, each with its shared lock session.
describeWithPostgres('chat locks taken in batches on a shared session', () => {
  let schema: TestSchema;
  let pools: pg.Pool[];
  beforeAll(async () => {
    schema = await createTestSchema();
    // The tables (processed_updates, applicants) come from the migrations run at opening.
    await (await openPostgresStore(schema.url, { poolSize: 1 })).close();
    pools = [1, 2].map(() => new pg.Pool({ connectionString: schema.url, max: 2 }));
  });
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.end()));
    await schema.drop();
  });
  const batchesOf = (i: number) => createChatLockBatches(pools[i] as pg.Pool);
  // Advisory locks are the database's, not the schema's: keys of this run's own, as test files run side by side.
  const run = Math.random().toString(36).slice(2);
  const chat = (n: number) => `chat:${run}:${n}`;
  const heldOnServer = async (...keys: string[]) => {
    const { rows } = await schema.admin.query(
      `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND granted
         AND objid = ANY(SELECT (hashtextextended(k, 0) & 4294967295)::oid FROM unnest($1::text[]) AS t(k))`,
      [keys],
    );
    return rows[0].n as number;
  };

  it("finds a chat busy while another instance holds its lock, and takes it once let go, seeing the holder's record", async () => {
    const [a, b] = [batchesOf(0), batchesOf(1)];
    const held = await a.tryAcquire({ chatKey: chat(1), updateId: 1001 });
    if (!held.locked) throw new Error('the first instance did not get the lock');
    expect(held.done).toBe(false);
    expect(await b.tryAcquire({ chatKey: chat(1), updateId: 1001 })).toEqual({ locked: false });
    // Another chat is not held up.
    const other = await b.tryAcquire({ chatKey: chat(2), updateId: 1002 });
    expect(other.locked).toBe(true);
    await held.release(new Date('2020-03-25T02:00:00Z'));
    const after = await b.tryAcquire({ chatKey: chat(1), updateId: 1001 });
    expect(after).toMatchObject({ locked: true, done: true });
    if (after.locked) await after.release();
    if (other.locked) await other.release();
  });

  it('lets a lock go once however often it is let go, and gives the connection back to the pool', async () => {
    const pool = pools[0] as pg.Pool;
    const batches = batchesOf(0);
    const first = await batches.tryAcquire({ chatKey: chat(3), updateId: 1003 });
    const second = await batches.tryAcquire({ chatKey: chat(4), updateId: 1004 });
    if (!first.locked || !second.locked) throw new Error('not locked');
    await Promise.all([first.release(), first.release()]);
    await first.release();
    expect(await heldOnServer(chat(3))).toBe(0);
    // chat 4 is still held on the session, so the connection is not back yet…
    expect(await batchesOf(1).tryAcquire({ chatKey: chat(4), updateId: 1004 })).toEqual({ locked: false });
    await second.release();
    // …and once nothing is held it is, idle, with no advisory lock left on the server.
    await expect.poll(() => pool.idleCount).toBe(pool.totalCount);
    expect(await heldOnServer(chat(3), chat(4))).toBe(0);
  });
});
