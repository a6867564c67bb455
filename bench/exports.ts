// The pictures export (`nmle export photos`, the console's photos.zip): a site's accepted pictures, read from
// the embedded set's picture files, written as one ZIP to a sink — time, and how much memory the process
// gains while writing it beside the size of the archive (an export holds one picture at a time, so the gain
// must not grow with the archive).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Applicant } from '../src/domain/applicant.js';
import { writePhotosZip } from '../src/exports/photos-zip.js';
import { createFilePictureStore } from '../src/storage/file-picture-store.js';
import { storedApplicant } from '../test/exports/export-fixtures.js';
import { loadCurrentFlow } from '../test/helpers/flow.js';
import { memoryApplicants } from '../test/helpers/memory-ports.js';
import { printTable, round } from './stats.js';

/** A phone picture as Telegram keeps it is 100–300 KB. */
const PICTURE_BYTES = 150_000;
/** The most memory an export may hold (garbage collected) while it writes, as a share of the archive. */
const GOAL_HELD_SHARE = 0.1;

/** A full garbage collection, to tell memory held from garbage not yet collected (V8 collects lazily). */
const collectGarbage: () => void = (() => {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
})();

/** Memory the process's JavaScript holds: its heap and the ArrayBuffers (pictures) outside it. */
function heldBytes(): number {
  collectGarbage();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
}

export async function benchExports(applicants = 600): Promise<Record<string, unknown>> {
  const flow = await loadCurrentFlow();
  const dataDir = mkdtempSync(join(tmpdir(), 'nmle-bench-exports-'));
  try {
    const pictures = createFilePictureStore(dataDir);
    const stored: Applicant[] = [];
    for (let i = 0; i < applicants; i++)
      stored.push(
        await storedApplicant(flow, pictures, { userId: 200_000_000 + i, pictureSize: PICTURE_BYTES }),
      );
    const deps = { flow, clock: { now: () => new Date() }, applicants: memoryApplicants(stored), pictures };

    const heldBefore = heldBytes();
    // Every 25 MB of archive, what the export holds (a full collection first): with yazl's addBuffer it
    // held every picture written so far, until the archive ended.
    let heldMost = 0;
    let bytes = 0;
    let nextLook = 0;
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        if (bytes >= nextLook) {
          nextLook += 25e6;
          heldMost = Math.max(heldMost, heldBytes() - heldBefore);
        }
        done();
      },
    });
    const rssBefore = process.memoryUsage.rss();
    let rssPeak = rssBefore;
    const sampler = setInterval(() => {
      rssPeak = Math.max(rssPeak, process.memoryUsage.rss());
    }, 5);
    const started = performance.now();
    const summary = await writePhotosZip(deps, { filter: {} }, sink);
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    rssPeak = Math.max(rssPeak, process.memoryUsage.rss());
    if (!('entries' in summary)) throw new Error('nothing exported');
    const heldMb = heldMost / 1e6;

    const growthMb = (rssPeak - rssBefore) / 1e6;
    const archiveMb = bytes / 1e6;
    const row = {
      pictures: summary.entries,
      'archive MB': round(archiveMb),
      seconds: round(seconds, 2),
      'MB/s': round(archiveMb / seconds),
      'peak RSS gain MB': round(growthMb),
      'most held MB': round(heldMb, 1),
      'held / archive': round(heldMb / archiveMb, 3),
      goal: `< ${GOAL_HELD_SHARE}`,
      met: heldMb / archiveMb < GOAL_HELD_SHARE ? 'yes' : 'NO',
    };
    printTable(
      `Pictures export: ${applicants} applicants' accepted pictures (${PICTURE_BYTES / 1000} KB each) from picture files to one ZIP`,
      [row],
    );
    return row;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
