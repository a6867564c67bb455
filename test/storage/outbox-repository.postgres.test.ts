import { afterEach, expect, it } from 'vitest';
import type { Notification } from '../../src/domain/notifier.js';
import { CorruptRecordError } from '../../src/errors.js';
import { createPostgresOutboxRepository } from '../../src/storage/postgres/postgres-outbox-repository.js';
import { openPostgresStore, type PostgresStore } from '../../src/storage/postgres/postgres-store.js';
import { createTestSchema, describeWithPostgres, type TestSchema } from '../helpers/postgres.js';

const note = (userId: number, key = `reminder:daily:2020-03-25:${userId}`): Notification => ({
  userId,
  chatId: userId,
  html: `提醒 ${userId}`,
  reason: 'daily',
  dedupeKey: key,
});
const NOW = new Date('2020-03-25T02:00:00Z');

// The same behaviours as test/storage/outbox-store.test.ts proves of the embedded outbox.
describeWithPostgres('the outbox repository on PostgreSQL', () => {
  const schemas: TestSchema[] = [];
  const stores: PostgresStore[] = [];
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
    await Promise.all(schemas.splice(0).map((s) => s.drop()));
  });

  /** An outbox on a fresh schema, or, given one, a second process's outbox on the same tables. */
  async function open(existing?: TestSchema) {
    const schema = existing ?? (await createTestSchema());
    if (!existing) schemas.push(schema);
    const store = await openPostgresStore(schema.url, { poolSize: 4 });
    stores.push(store);
    const reported: CorruptRecordError[] = [];
    const outbox = createPostgresOutboxRepository(store.pool, { onCorrupt: (error) => reported.push(error) });
    /** Writes a record's JSON past the repository, as another release or a broken write would. */
    const writeRaw = (key: string, record: unknown) =>
      schema.admin.query(
        `INSERT INTO outbox (dedupe_key, record) VALUES ($1, $2::jsonb)
         ON CONFLICT (dedupe_key) DO UPDATE SET record = excluded.record`,
        [key, JSON.stringify(record)],
      );
    const readRaw = async (key: string) =>
      (await schema.admin.query('SELECT record FROM outbox WHERE dedupe_key = $1', [key])).rows[0]?.record;
    return { schema, outbox, reported, writeRaw, readRaw };
  }

  it('records a notification as pending', async () => {
    const { outbox, readRaw } = await open();
    const [record] = await outbox.add([note(1)], 'host:1:a', NOW);
    expect(record).toMatchObject({
      state: 'pending',
      attempts: 0,
      rev: 0,
      owner: 'host:1:a',
      html: '提醒 1',
    });
    expect(await readRaw('reminder:daily:2020-03-25:1')).toEqual(record);
    expect(await outbox.get('reminder:daily:2020-03-25:1')).toEqual(record);
  });

  it('records a dedupe key only once, also within one batch', async () => {
    const { outbox } = await open();
    expect(await outbox.add([note(1), note(1), note(2)], 'o', NOW)).toHaveLength(2);
    expect(await outbox.add([note(1)], 'o', NOW)).toEqual([]);
    expect((await outbox.countByState()).pending).toBe(2);
  });

  it('gives a key to exactly one of two processes adding it at once', async () => {
    const first = await open();
    const second = await open(first.schema);
    const notes = Array.from({ length: 200 }, (_, i) => note(i));
    const reversed = [...notes].reverse();
    const [a, b] = await Promise.all([
      first.outbox.add(notes, 'a', NOW),
      second.outbox.add(reversed, 'b', NOW),
    ]);
    expect(a.length + b.length).toBe(200);
    expect(new Set([...a, ...b].map((r) => r.dedupeKey)).size).toBe(200);
  });

  it('tells each of many adds made in one turn (one batch) its own outcome', async () => {
    const { outbox } = await open();
    const results = await Promise.all(
      Array.from({ length: 1200 }, (_, i) => outbox.add([note(i % 1000)], 'o', NOW)),
    );
    expect(results.filter((r) => r.length === 1)).toHaveLength(1000);
  });

  it('writes a change only over the revision it was based on', async () => {
    const { outbox } = await open();
    const [record] = await outbox.add([note(1)], 'o', NOW);
    if (!record) throw new Error('not recorded');
    const sending = await outbox.update(record, { state: 'sending', attempts: 1 }, NOW);
    expect(sending).toMatchObject({ state: 'sending', rev: 1 });
    expect(await outbox.update(record, { state: 'sent' }, NOW)).toBeUndefined();
    expect((await outbox.get(record.dedupeKey))?.state).toBe('sending');
  });

  it('lets exactly one of two processes claim a record', async () => {
    const first = await open();
    const second = await open(first.schema);
    const [record] = await first.outbox.add([note(1)], 'a', NOW);
    if (!record) throw new Error('not recorded');
    const claims = await Promise.all([
      first.outbox.update(record, { state: 'sending', owner: 'a' }, NOW),
      second.outbox.update(record, { state: 'sending', owner: 'b' }, NOW),
    ]);
    expect(claims.filter(Boolean)).toHaveLength(1);
  });

  it('lists what is still to be delivered, and not what is sent, failed or blocked', async () => {
    const { outbox } = await open();
    const records = await outbox.add(
      [1, 2, 3, 4, 5].map((id) => note(id)),
      'o',
      NOW,
    );
    const [pending, sending, sent, failed, blocked] = records;
    if (!pending || !sending || !sent || !failed || !blocked) throw new Error('not recorded');
    await outbox.update(sending, { state: 'sending' }, NOW);
    await outbox.update(sent, { state: 'sent' }, NOW);
    await outbox.update(failed, { state: 'failed' }, NOW);
    await outbox.update(blocked, { state: 'blocked' }, NOW);
    expect((await outbox.unfinished()).map((r) => [r.userId, r.state])).toEqual([
      [1, 'pending'],
      [2, 'sending'],
    ]);
    expect(await outbox.countByState()).toEqual({ pending: 1, sending: 1, sent: 1, failed: 1, blocked: 1 });
  });

  it('skips a record that does not parse instead of failing the whole list', async () => {
    const { outbox, reported, writeRaw } = await open();
    await outbox.add([note(1)], 'o', NOW);
    await writeRaw('broken', { version: 2, state: 'pending' });
    expect((await outbox.unfinished()).map((r) => r.userId)).toEqual([1]);
    await expect(outbox.get('broken')).rejects.toThrow(CorruptRecordError);
    expect(reported.map((e) => [e.key, e.problem])).toEqual([
      ['outbox:broken', "the record is version 2, newer than this release's 1; run a release that reads it"],
    ]);
  });

  it('never overwrites a record that became one it cannot use, and says so', async () => {
    const { outbox, writeRaw, readRaw } = await open();
    const [record] = await outbox.add([note(1)], 'o', NOW);
    if (!record) throw new Error('not recorded');
    await writeRaw(record.dedupeKey, { ...record, version: 2 });
    await expect(outbox.update(record, { state: 'sent' }, NOW)).rejects.toThrow(CorruptRecordError);
    expect(await readRaw(record.dedupeKey)).toEqual({ ...record, version: 2 });
  });

  it('forgets every record of an applicant who deletes their data, and only theirs', async () => {
    const { outbox } = await open();
    await outbox.add([note(1), note(1, 'reminder:daily:2020-03-26:1'), note(2)], 'o', NOW);
    expect(await outbox.forget(1)).toBe(2);
    expect(await outbox.get('reminder:daily:2020-03-25:1')).toBeUndefined();
    expect((await outbox.unfinished()).map((r) => r.userId)).toEqual([2]);
  });
});
