import { beforeAll, expect, it } from 'vitest';
import type { Flow } from '../../src/domain/flow.js';
import { resolveFlowPath } from '../../src/flows/flow-file.js';
import { loadFlow } from '../../src/flows/load-flow.js';
import { createTesseractReader } from '../../src/reading/tesseract-reader.js';
import { labelledReadingSet } from './fixtures/labelled-reading-set.js';
import {
  formatScores,
  type ReadingScores,
  type ReadPicture,
  readLabelledSet,
  scoreReads,
} from './reading-scores.js';
import { describeWithTesseract } from './tesseract.js';

const TODAY = new Date('2026-03-01T00:00:00Z');
const share = ({ hits, of }: { hits: number; of: number }) => hits / of;

describeWithTesseract('the document reader on the labelled set', () => {
  let flow: Flow;
  let reads: ReadPicture[];
  let scores: ReadingScores;

  beforeAll(async () => {
    flow = await loadFlow(resolveFlowPath(undefined, process.cwd()), process.cwd());
    // Two children at normal priority here, one at nice 15 in the product: the test only wants the reads.
    reads = await readLabelledSet(
      labelledReadingSet(),
      flow,
      createTesseractReader({ concurrency: 2, niceness: 0 }),
    );
    scores = scoreReads(reads, flow, TODAY);
    console.log(formatScores(scores, reads));
  }, 240_000);

  it('gets every picture of the set past the checker and reads it', () => {
    expect(reads.filter((r) => !r.accepted).map((r) => r.picture.name)).toEqual([]);
    expect(reads.filter((r) => !r.text).map((r) => r.picture.name)).toEqual([]);
  });

  it('raises at most 1 false alarm in 40 on pictures under their own material', () => {
    expect(scores.falseAlarms.of).toBeGreaterThanOrEqual(40);
    expect(share(scores.falseAlarms)).toBeLessThanOrEqual(1 / 40);
  });

  it('flags at least 90 % of pictures put under a material they are not', () => {
    expect(share(scores.wrongFlagged)).toBeGreaterThanOrEqual(0.9);
  });

  it('flags at least 90 % of the mistyped ID numbers it can read, and never a valid one', () => {
    expect(scores.invalidLegible.hits).toBeGreaterThanOrEqual(8);
    expect(share(scores.invalidFlagged)).toBeGreaterThanOrEqual(0.9);
    expect(scores.validFlagged.hits).toBe(0);
  });
});
