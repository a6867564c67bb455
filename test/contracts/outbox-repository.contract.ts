import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Notification } from '../../src/domain/notifier.js';
import { CorruptRecordError } from '../../src/errors.js';
import type { OutboxStore } from '../../src/storage/outbox-store.js';

/** One outbox store, with ways past it to its stored records (as another release or a broken write would). */
export interface OutboxRepositoryHarness {
  readonly outbox: OutboxStore;
  /** Records `unfinished` skipped and reported. */
  readonly reported: readonly CorruptRecordError[];
  /** Another process's repository on the same store. */
  another(): Promise<OutboxStore>;
  /** Writes a record's JSON under `key`, past the repository. */
  writeRaw(key: string, record: unknown): Promise<void>;
  /** The stored JSON under `key`. */
  readRaw(key: string): Promise<unknown>;
  close(): Promise<void>;
}

export const note = (userId: number, key = `reminder:daily:2020-03-25:${userId}`): Notification => ({
  userId,
  chatId: userId,
  html: `提醒 ${userId}`,
  reason: 'daily',
  dedupeKey: key,
});
const NOW = new Date('2020-03-25T02:00:00Z');

/** What every OutboxRepository adapter promises (src/app/ports/outbox-repository.ts), on SQLite and PostgreSQL. */
export function describeOutboxRepositoryContract(
  name: string,
  make: () => Promise<OutboxRepositoryHarness>,
): void {
  describe(`the OutboxRepository contract: ${name}`, () => {
    let harness: OutboxRepositoryHarness;
    let outbox: OutboxStore;
    beforeEach(async () => {
      harness = await make();
      outbox = harness.outbox;
    });
    afterEach(async () => {
      await harness.close();
    });

    it('records a notification as pending', async () => {
      const [record] = await outbox.add([note(1)], 'host:1:a', NOW);
      expect(record).toMatchObject({
        state: 'pending',
        attempts: 0,
        rev: 0,
        owner: 'host:1:a',
        html: '提醒 1',
      });
      expect(await harness.readRaw('reminder:daily:2020-03-25:1')).toEqual(record);
      expect(await outbox.get('reminder:daily:2020-03-25:1')).toEqual(record);
    });

    it('records a dedupe key only once, also within one batch', async () => {
      expect(await outbox.add([note(1), note(1), note(2)], 'o', NOW)).toHaveLength(2);
      expect(await outbox.add([note(1)], 'o', NOW)).toEqual([]);
      expect((await outbox.countByState()).pending).toBe(2);
    });

    it('gives a key to exactly one of two processes adding it at once', async () => {
      const second = await harness.another();
      const notes = Array.from({ length: 200 }, (_, i) => note(i));
      const [a, b] = await Promise.all([
        outbox.add(notes, 'a', NOW),
        second.add([...notes].reverse(), 'b', NOW),
      ]);
      expect(a.length + b.length).toBe(200);
      expect(new Set([...a, ...b].map((r) => r.dedupeKey)).size).toBe(200);
    });

    it('tells each of many adds made in one turn (one batch) its own outcome', async () => {
      const results = await Promise.all(
        Array.from({ length: 1200 }, (_, i) => outbox.add([note(i % 1000)], 'o', NOW)),
      );
      expect(results.filter((r) => r.length === 1)).toHaveLength(1000);
    });

    it('writes a change only over the revision it was based on', async () => {
      const [record] = await outbox.add([note(1)], 'o', NOW);
      if (!record) throw new Error('not recorded');
      const sending = await outbox.update(record, { state: 'sending', attempts: 1 }, NOW);
      expect(sending).toMatchObject({ state: 'sending', rev: 1 });
      expect(await outbox.update(record, { state: 'sent' }, NOW)).toBeUndefined();
      expect((await outbox.get(record.dedupeKey))?.state).toBe('sending');
    });

    it('lets exactly one of two processes claim a record', async () => {
      const second = await harness.another();
      const [record] = await outbox.add([note(1)], 'a', NOW);
      if (!record) throw new Error('not recorded');
      const claims = await Promise.all([
        outbox.update(record, { state: 'sending', owner: 'a' }, NOW),
        second.update(record, { state: 'sending', owner: 'b' }, NOW),
      ]);
      expect(claims.filter(Boolean)).toHaveLength(1);
    });

    it('lists what is still to be delivered, oldest first, and not what is sent, failed or blocked', async () => {
      const later = new Date(NOW.getTime() + 1000);
      await outbox.add([note(6)], 'o', later);
      const records = await outbox.add(
        [1, 2, 3, 4, 5].map((id) => note(id)),
        'o',
        NOW,
      );
      const [, sending, sent, failed, blocked] = records;
      if (!sending || !sent || !failed || !blocked) throw new Error('not recorded');
      await outbox.update(sending, { state: 'sending' }, NOW);
      await outbox.update(sent, { state: 'sent' }, NOW);
      await outbox.update(failed, { state: 'failed' }, NOW);
      await outbox.update(blocked, { state: 'blocked' }, NOW);
      expect((await outbox.unfinished()).map((r) => [r.userId, r.state])).toEqual([
        [1, 'pending'],
        [2, 'sending'],
        [6, 'pending'],
      ]);
      expect(await outbox.countByState()).toEqual({ pending: 2, sending: 1, sent: 1, failed: 1, blocked: 1 });
    });

    it('skips a record that does not parse instead of failing the whole list', async () => {
      await outbox.add([note(1)], 'o', NOW);
      await harness.writeRaw('broken', { version: 2, state: 'pending' });
      expect((await outbox.unfinished()).map((r) => r.userId)).toEqual([1]);
      // One rule for every store: a read of a record that cannot be used throws; a listing reports it.
      await expect(outbox.get('broken')).rejects.toThrow(CorruptRecordError);
      expect(harness.reported.map((e) => [e.key, e.problem])).toEqual([
        [
          'outbox:broken',
          "the record is version 2, newer than this release's 1; run a release that reads it",
        ],
      ]);
    });

    it('never overwrites a record that became one it cannot use, and says so', async () => {
      const [record] = await outbox.add([note(1)], 'o', NOW);
      if (!record) throw new Error('not recorded');
      await harness.writeRaw(record.dedupeKey, { ...record, version: 2 });
      await expect(outbox.update(record, { state: 'sent' }, NOW)).rejects.toThrow(CorruptRecordError);
      expect(await harness.readRaw(record.dedupeKey)).toEqual({ ...record, version: 2 });
    });

    it('forgets every record of an applicant who deletes their data, and only theirs', async () => {
      await outbox.add([note(1), note(1, 'reminder:daily:2020-03-26:1'), note(2)], 'o', NOW);
      expect(await outbox.forget(1)).toBe(2);
      expect(await outbox.get('reminder:daily:2020-03-25:1')).toBeUndefined();
      expect((await outbox.unfinished()).map((r) => r.userId)).toEqual([2]);
    });
  });
}
