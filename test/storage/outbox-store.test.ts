import Keyv from 'keyv';
import { afterEach, describe, expect, it } from 'vitest';
import type { Notification } from '../../src/domain/notifier.js';
import { CorruptRecordError, UnsupportedStoreError } from '../../src/errors.js';
import { type OpenStore, openStore } from '../../src/storage/open-store.js';
import { createOutboxStore, OutboxRecordSchema } from '../../src/storage/outbox-store.js';
import { tempDataDir } from '../helpers/applicants.js';

const opened: OpenStore[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
});

async function open(url = tempDataDir().storeUrl) {
  const store = await openStore(url);
  opened.push(store);
  const reported: CorruptRecordError[] = [];
  const outbox = createOutboxStore(store.keyv, { onCorrupt: (error) => reported.push(error) });
  return { url, keyv: store.keyv, outbox, reported };
}

const note = (userId: number, key = `reminder:daily:2020-03-25:${userId}`): Notification => ({
  userId,
  chatId: userId,
  html: `提醒 ${userId}`,
  reason: 'daily',
  dedupeKey: key,
});
const NOW = new Date('2020-03-25T02:00:00Z');

describe('the outbox store on SQLite', () => {
  it('records a notification as pending, readable through Keyv in its own format', async () => {
    const { keyv, outbox } = await open();
    const [record] = await outbox.add([note(1)], 'host:1:a', NOW);
    expect(record).toMatchObject({
      state: 'pending',
      attempts: 0,
      rev: 0,
      owner: 'host:1:a',
      html: '提醒 1',
    });
    expect(OutboxRecordSchema.parse(await keyv.get('outbox:reminder:daily:2020-03-25:1'))).toEqual(record);
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
    const second = await open(first.url);
    const notes = Array.from({ length: 200 }, (_, i) => note(i));
    const [a, b] = await Promise.all([first.outbox.add(notes, 'a', NOW), second.outbox.add(notes, 'b', NOW)]);
    expect(a.length + b.length).toBe(200);
    const keys = new Set([...a, ...b].map((r) => r.dedupeKey));
    expect(keys.size).toBe(200);
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
    const { keyv, outbox, reported } = await open();
    await outbox.add([note(1)], 'o', NOW);
    await keyv.set('outbox:broken', { version: 2, state: 'pending' });
    expect((await outbox.unfinished()).map((r) => r.userId)).toEqual([1]);
    // One rule for every store: a read of a record that cannot be used throws; a listing reports it.
    await expect(outbox.get('broken')).rejects.toThrow(CorruptRecordError);
    expect(reported.map((e) => [e.key, e.problem])).toEqual([
      ['outbox:broken', "the record is version 2, newer than this release's 1; run a release that reads it"],
    ]);
  });

  it('never overwrites a record that became one it cannot use, and says so', async () => {
    const { keyv, outbox } = await open();
    const [record] = await outbox.add([note(1)], 'o', NOW);
    if (!record) throw new Error('not recorded');
    await keyv.set(`outbox:${record.dedupeKey}`, { ...record, version: 2 });
    await expect(outbox.update(record, { state: 'sent' }, NOW)).rejects.toThrow(CorruptRecordError);
    expect(await keyv.get(`outbox:${record.dedupeKey}`)).toEqual({ ...record, version: 2 });
  });

  it('refuses, when it is built, a Keyv store that is not SQLite', () => {
    expect(() => createOutboxStore(new Keyv(), { onCorrupt: () => undefined })).toThrow(
      UnsupportedStoreError,
    );
  });

  it('forgets every record of an applicant who deletes their data, and only theirs', async () => {
    const { outbox } = await open();
    await outbox.add([note(1), note(1, 'reminder:daily:2020-03-26:1'), note(2)], 'o', NOW);
    expect(await outbox.forget(1)).toBe(2);
    expect(await outbox.get('reminder:daily:2020-03-25:1')).toBeUndefined();
    expect((await outbox.unfinished()).map((r) => r.userId)).toEqual([2]);
  });
});
