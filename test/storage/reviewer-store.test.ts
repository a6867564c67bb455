import { afterEach, describe, expect, it } from 'vitest';
import { CorruptRecordError } from '../../src/errors.js';
import { type OpenStore, openStore } from '../../src/storage/open-store.js';
import { createReviewerStore, type PendingDecision } from '../../src/storage/reviewer-store.js';

const opened: OpenStore[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
});

async function open() {
  const store = await openStore('sqlite://:memory:');
  opened.push(store);
  return { keyv: store.keyv, reviewers: createReviewerStore(store.keyv) };
}

const RETURN: PendingDecision = { kind: 'return', applicantId: 7, stamp: 's1', materials: ['idCard'] };

describe('the reviewer store', () => {
  it('keeps a decision in progress until it is cleared', async () => {
    const { reviewers } = await open();
    expect(await reviewers.pending(9)).toBeUndefined();
    await reviewers.setPending(9, () => RETURN);
    expect(await reviewers.pending(9)).toEqual(RETURN);
    await reviewers.setPending(9, () => undefined);
    expect(await reviewers.pending(9)).toBeUndefined();
  });

  it('refuses a record that does not parse instead of resetting it, naming its key, and keeps it', async () => {
    const { keyv, reviewers } = await open();
    await keyv.set('reviewer:9', { version: 1, pending: { kind: 'approve' } });
    const error = await reviewers.pending(9).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CorruptRecordError);
    expect(error).toMatchObject({ key: 'reviewer:9', message: expect.stringContaining('pending.kind') });
    let called = false;
    const set = reviewers.setPending(9, () => {
      called = true;
      return RETURN;
    });
    await expect(set).rejects.toThrow(CorruptRecordError);
    expect(called).toBe(false);
    expect(await keyv.get('reviewer:9')).toEqual({ version: 1, pending: { kind: 'approve' } });
  });

  it('refuses a record of a newer version', async () => {
    const { keyv, reviewers } = await open();
    await keyv.set('reviewer:9', { version: 2 });
    await expect(reviewers.pending(9)).rejects.toThrow(/reviewer:9: the record is version 2, newer/);
  });
});
