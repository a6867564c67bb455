import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PictureStore } from '../../src/app/ports/picture-store.js';

/** A PictureStore adapter ready for one test. */
export interface PictureStoreHarness {
  readonly store: PictureStore;
  close(): Promise<void>;
}

/** The largest picture the service keeps, with bytes that differ along its length. */
const LARGEST = Uint8Array.from({ length: 200_000 }, (_, i) => (i * 31 + (i >> 8)) % 256);
const small = (...bytes: number[]) => Uint8Array.from(bytes);

/**
 * The behaviour every PictureStore adapter promises (src/app/ports/picture-store.ts), run against each
 * adapter: the embedded one in test/storage/picture-store.files.test.ts.
 */
export function describePictureStoreContract(name: string, make: () => Promise<PictureStoreHarness>): void {
  describe(`the PictureStore contract: ${name}`, () => {
    let harness: PictureStoreHarness;
    let store: PictureStore;
    beforeEach(async () => {
      harness = await make();
      store = harness.store;
    });
    afterEach(async () => {
      await harness.close();
    });

    it('gives back the bytes of the largest picture by the key put returned', async () => {
      const key = await store.put(7, 'a1', 'jpeg', LARGEST);
      expect(await store.get(key)).toEqual(LARGEST);
    });

    it('keeps the pictures of one applicant and of two applicants apart', async () => {
      const keys = await Promise.all([
        store.put(7, 'a1', 'jpeg', small(1)),
        store.put(7, 'a2', 'png', small(2)),
        store.put(8, 'a1', 'jpeg', small(3)),
      ]);
      expect(new Set(keys).size).toBe(3);
      expect(await Promise.all(keys.map((key) => store.get(key)))).toEqual([small(1), small(2), small(3)]);
    });

    it('replaces the bytes when one picture id is put again', async () => {
      const first = await store.put(7, 'a1', 'jpeg', small(1));
      const second = await store.put(7, 'a1', 'jpeg', small(2));
      expect(second).toBe(first);
      expect(await store.get(second)).toEqual(small(2));
    });

    it('rejects a read of a deleted picture, and takes a second delete calmly', async () => {
      const key = await store.put(7, 'a1', 'jpeg', small(1));
      await store.delete(key);
      await expect(store.get(key)).rejects.toThrow();
      await expect(store.delete(key)).resolves.toBeUndefined();
    });

    it('deletes every picture of one applicant and nobody else', async () => {
      const mine = await Promise.all([
        store.put(7, 'a1', 'jpeg', small(1)),
        store.put(7, 'a2', 'png', small(2)),
      ]);
      const theirs = await store.put(8, 'b1', 'jpeg', small(3));
      await store.deleteAll(7);
      for (const key of mine) await expect(store.get(key)).rejects.toThrow();
      expect(await store.get(theirs)).toEqual(small(3));
      await expect(store.deleteAll(7)).resolves.toBeUndefined();
    });

    it.each(['../8/b1', 'a/b', '', 'a.jpg'])(
      'refuses the picture id %j, which could name another place',
      async (id) => {
        await expect(store.put(7, id, 'jpeg', small(1))).rejects.toThrow(/picture id/);
      },
    );
  });
}
