import Keyv from 'keyv';
import { afterEach, describe, expect, it } from 'vitest';
import { type CorruptRecordError, UnsupportedStoreError } from '../../src/errors.js';
import { type OpenStore, openStore } from '../../src/storage/open-store.js';
import { createOutboxStore, OutboxRecordSchema } from '../../src/storage/outbox-store.js';
import { describeOutboxRepositoryContract, note } from '../contracts/outbox-repository.contract.js';
import { tempDataDir } from '../helpers/applicants.js';

describeOutboxRepositoryContract('SQLite', async () => {
  const url = tempDataDir().storeUrl;
  const opened: OpenStore[] = [];
  const open = async () => {
    const store = await openStore(url);
    opened.push(store);
    return store;
  };
  const store = await open();
  const reported: CorruptRecordError[] = [];
  return {
    outbox: createOutboxStore(store.keyv, { onCorrupt: (error) => reported.push(error) }),
    reported,
    another: async () => createOutboxStore((await open()).keyv, { onCorrupt: () => undefined }),
    writeRaw: async (key, record) => {
      await store.keyv.set(`outbox:${key}`, record);
    },
    readRaw: (key) => store.keyv.get(`outbox:${key}`),
    close: async () => {
      await Promise.all(opened.map((s) => s.close()));
    },
  };
});

// What only the embedded store does: Keyv's own format, and Keyv's SQLite only.
describe('the outbox store on SQLite', () => {
  const opened: OpenStore[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
  });

  it('keeps a record in Keyv’s own format, readable through Keyv', async () => {
    const store = await openStore(tempDataDir().storeUrl);
    opened.push(store);
    const outbox = createOutboxStore(store.keyv, { onCorrupt: () => undefined });
    const [record] = await outbox.add([note(1)], 'host:1:a', new Date('2020-03-25T02:00:00Z'));
    expect(OutboxRecordSchema.parse(await store.keyv.get('outbox:reminder:daily:2020-03-25:1'))).toEqual(
      record,
    );
  });

  it('refuses, when it is built, a Keyv store that is not SQLite', () => {
    expect(() => createOutboxStore(new Keyv(), { onCorrupt: () => undefined })).toThrow(
      UnsupportedStoreError,
    );
  });
});
