/**
 * Prints the reader's scores on the labelled set, for a closing note:
 * `npx tsx test/reading/print-reading-scores.ts` (needs tesseract with chi_sim).
 */
import { resolveFlowPath } from '../../src/flows/flow-file.js';
import { loadFlow } from '../../src/flows/load-flow.js';
import { createTesseractReader } from '../../src/reading/tesseract-reader.js';
import { labelledReadingSet } from './fixtures/labelled-reading-set.js';
import { formatScores, readLabelledSet, scoreReads } from './reading-scores.js';

const flow = await loadFlow(resolveFlowPath(undefined, process.cwd()), process.cwd());
const reader = createTesseractReader({ concurrency: 2 });
if (!(await reader.isAvailable())) throw new Error('tesseract with chi_sim is not installed');
const reads = await readLabelledSet(labelledReadingSet(), flow, reader);
console.log(formatScores(scoreReads(reads, flow, new Date()), reads));
