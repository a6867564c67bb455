import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PictureStore } from '../../src/app/ports/picture-store.js';
import type { Applicant } from '../../src/domain/applicant.js';
import type { Flow } from '../../src/domain/flow.js';
import { type PhotoSelection, preparePhotosZip, writePhotosZip } from '../../src/exports/photos-zip.js';
import { loadCurrentFlow } from '../helpers/flow.js';
import { memoryApplicants, memoryPictures } from '../helpers/memory-ports.js';
import { readZipEntries } from '../helpers/zip-entries.js';
import { collectingStream, settle, stalledStream } from './collect-stream.js';
import { NOW, storedApplicant } from './export-fixtures.js';

let flow: Flow;
beforeAll(async () => {
  flow = await loadCurrentFlow();
});

const ID = '有效身份证明（正反面及本人手持照片）';

async function setUp(specs: Parameters<typeof storedApplicant>[2][]) {
  const pictures = memoryPictures();
  const applicants: Applicant[] = [];
  for (const spec of specs) applicants.push(await storedApplicant(flow, pictures, spec));
  const repository = memoryApplicants(applicants);
  return {
    pictures,
    applicants: repository,
    deps: { flow, clock: { now: () => NOW }, applicants: repository, pictures },
  };
}

async function zipOf(deps: Parameters<typeof writePhotosZip>[0], selection: PhotoSelection) {
  const out = collectingStream();
  const summary = await writePhotosZip(deps, selection, out);
  return { summary, entries: readZipEntries(out.bytes()), size: out.bytes().length };
}

describe('the pictures as a ZIP', () => {
  it('holds one applicant’s pictures at <user id>/<NN>_<material title>_<k>.jpg, byte for byte', async () => {
    const { deps, pictures } = await setUp([{ userId: 1001 }, { userId: 1002 }]);
    const { summary, entries, size } = await zipOf(deps, { applicant: 1001 });
    expect(entries.map((e) => e.name)).toEqual([
      `1001/01_${ID}_1.jpg`,
      `1001/01_${ID}_2.jpg`,
      `1001/01_${ID}_3.jpg`,
      '1001/02_毕业证_1.jpg',
      '1001/03_试用期考核合格证明_1.jpg',
      '1001/04_医疗机构执业许可证副本_1.jpg',
    ]);
    const stored = [...pictures.bytes].filter(([key]) => key.startsWith('photos/1001/'));
    expect(entries.map((e) => e.data).sort(Buffer.compare)).toEqual(
      stored.map(([, bytes]) => Buffer.from(bytes)).sort(Buffer.compare),
    );
    expect(summary).toEqual({ applicants: 1, entries: 6, skipped: 0, bytes: size });
  });

  it('marks every name as UTF-8 (the language-encoding flag) and stores the pictures as they are', async () => {
    const { deps } = await setUp([{ userId: 1001 }]);
    const { entries } = await zipOf(deps, { applicant: 1001 });
    expect(entries.every((e) => e.utf8 && e.method === 0)).toBe(true);
  });

  it('holds everyone the filter selects, each in their own folder', async () => {
    const { deps } = await setUp([
      {
        userId: 1001,
        pictures: { identity: 1 },
        dossier: { state: 'approved', submittedAt: '2020-03-22T00:00:00Z' },
      },
      {
        userId: 1002,
        pictures: { identity: 2 },
        dossier: { state: 'submitted', submittedAt: '2020-03-21T00:00:00Z' },
      },
      {
        userId: 1003,
        pictures: { identity: 1 },
        dossier: { state: 'submitted', submittedAt: '2020-03-23T00:00:00Z' },
      },
    ]);
    const { summary, entries } = await zipOf(deps, { filter: { states: ['submitted'] } });
    expect(entries.map((e) => e.name)).toEqual([
      `1002/01_${ID}_1.jpg`,
      `1002/01_${ID}_2.jpg`,
      `1003/01_${ID}_1.jpg`,
    ]);
    expect(summary).toMatchObject({ applicants: 2, entries: 3 });
  });

  it('writes nothing and leaves the receiver open for an unknown applicant', async () => {
    const { deps } = await setUp([{ userId: 1001 }]);
    const out = collectingStream();
    expect(await writePhotosZip(deps, { applicant: 999 }, out)).toEqual({
      kind: 'unknown_applicant',
      userId: 999,
    });
    expect(out.bytes().length).toBe(0);
    expect(out.writableEnded).toBe(false);
  });

  it('leaves out a picture removed while the export runs, and counts it', async () => {
    const { deps, pictures, applicants } = await setUp([{ userId: 1001, pictures: { identity: 3 } }]);
    const zip = await preparePhotosZip(deps, { applicant: 1001 });
    if (zip.kind !== 'ready') throw new Error('expected pictures');
    const removed = applicants.records.get(1001)?.dossier.photos[1];
    await applicants.update(1001, (a) => ({
      record: a && {
        ...a,
        dossier: {
          ...a.dossier,
          photos: a.dossier.photos.filter((p) => p !== removed && p.id !== removed?.id),
        },
      },
      result: undefined,
    }));
    await pictures.delete(removed?.file ?? '');
    const out = collectingStream();
    const summary = await zip.write(out);
    expect(readZipEntries(out.bytes()).map((e) => e.name)).toEqual([
      `1001/01_${ID}_1.jpg`,
      `1001/01_${ID}_3.jpg`,
    ]);
    expect(summary).toMatchObject({ entries: 2, skipped: 1 });
  });

  it('fails, rather than hand over an incomplete archive, when a picture on record cannot be read', async () => {
    const { deps, pictures } = await setUp([{ userId: 1001, pictures: { identity: 2 } }]);
    await pictures.delete([...pictures.bytes.keys()][0] ?? '');
    await expect(writePhotosZip(deps, { applicant: 1001 }, collectingStream())).rejects.toThrow(/no picture/);
  });

  it('sends the archive as it goes: the receiver has data before the last picture is read', async () => {
    const log: string[] = [];
    const { deps } = await setUp(
      Array.from({ length: 10 }, (_, i) => ({ userId: 2000 + i, pictures: { identity: 2 } })),
    );
    const logged: PictureStore = {
      ...deps.pictures,
      get: async (key) => {
        log.push('read');
        return deps.pictures.get(key);
      },
    };
    const out = collectingStream(log);
    const summary = await writePhotosZip({ ...deps, pictures: logged }, { filter: {} }, out);
    expect(summary).toMatchObject({ entries: 20 });
    expect(log.indexOf('out')).toBeGreaterThan(-1);
    expect(log.indexOf('out')).toBeLessThan(log.lastIndexOf('read'));
  });

  it('reads no further pictures while the receiver is not taking them, and finishes once it does', async () => {
    const { deps } = await setUp(
      Array.from({ length: 20 }, (_, i) => ({
        userId: 3000 + i,
        pictures: { identity: 1 },
        pictureSize: 100_000,
      })),
    );
    let reads = 0;
    const counted: PictureStore = {
      ...deps.pictures,
      get: async (key) => {
        reads += 1;
        return deps.pictures.get(key);
      },
    };
    const out = stalledStream();
    const done = writePhotosZip({ ...deps, pictures: counted }, { filter: {} }, out);
    await settle();
    // One picture in the receiver's hands, at most one more waiting in the archive writer: never all 20.
    expect(reads).toBeLessThanOrEqual(3);
    out.release();
    expect(await done).toMatchObject({ entries: 20 });
    expect(reads).toBe(20);
    expect(readZipEntries(out.bytes())).toHaveLength(20);
  });

  it('lets go of each picture once it is in the archive, rather than holding them all until the end', async () => {
    const { deps } = await setUp(
      Array.from({ length: 30 }, (_, i) => ({
        userId: 5000 + i,
        pictures: { identity: 1 },
        pictureSize: 50_000,
      })),
    );
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const handedOut: WeakRef<Uint8Array>[] = [];
    let aliveAtLastRead = -1;
    const watched: PictureStore = {
      ...deps.pictures,
      get: async (key) => {
        if (handedOut.length === 29) {
          gc();
          aliveAtLastRead = handedOut.filter((ref) => ref.deref() !== undefined).length;
        }
        // A copy of its own, as a read from disk or the database gives: only the export holds it.
        const bytes = Uint8Array.from(await deps.pictures.get(key));
        handedOut.push(new WeakRef(bytes));
        return bytes;
      },
    };
    const out = collectingStream();
    expect(await writePhotosZip({ ...deps, pictures: watched }, { filter: {} }, out)).toMatchObject({
      entries: 30,
    });
    // Of the 29 pictures before the last, at most the one just written (and one in the receiver's hands) remain.
    expect(aliveAtLastRead).toBeGreaterThanOrEqual(0);
    expect(aliveAtLastRead).toBeLessThanOrEqual(2);
    expect(readZipEntries(out.bytes())).toHaveLength(30);
  });

  it('stops when the receiver goes away', async () => {
    const { deps } = await setUp(
      Array.from({ length: 5 }, (_, i) => ({ userId: 4000 + i, pictureSize: 100_000 })),
    );
    const out = stalledStream();
    const done = writePhotosZip(deps, { filter: {} }, out);
    await settle();
    out.destroy();
    await expect(done).rejects.toThrow();
  });
});
