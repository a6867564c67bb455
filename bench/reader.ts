/**
 * The offline document reader (tesseract, src/reading): seconds a picture at Telegram's 1280 px and a phone's
 * 4000 px, the reader's peak memory, and the photo verdict's latency while the reader is busy against idle
 * (goal: unchanged, the reader being off the verdict's path — a child process, one at a time).
 *
 *   node --import tsx bench/reader.ts
 *
 * The pictures are the reading tests' documents (test/reading/fixtures): real Chinese print, photographed,
 * then normalised by the checker as an upload is, since the reader only ever gets the normalised file.
 * Peak memory is each child's maximum resident set as GNU time reports it (`/usr/bin/time -f %M`).
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEFAULT_PHOTO_RULES } from '../src/domain/photo/photo-rules.js';
import { checkPhoto } from '../src/images/check-photo.js';
import { createPhotoChecker } from '../src/images/photo-checker.js';
import { createTesseractReader } from '../src/reading/tesseract-reader.js';
import { photographDocument } from '../test/reading/fixtures/labelled-reading-set.js';
import { DOCUMENT_KINDS, holderOf } from '../test/reading/fixtures/material-documents.js';
import { printTable, quantile, round } from './stats.js';

const KINDS = ['id-front', 'diploma', 'probation', 'institution-licence', 'practising', 'clinical-training'];
const READS_PER_PICTURE = 2;
const VERDICTS = 20;
const GNU_TIME = '/usr/bin/time';

async function elapsedMs(task: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await task();
  return performance.now() - started;
}

const spread = (ms: readonly number[]) => ({
  median: round(quantile(ms, 0.5)),
  p95: round(quantile(ms, 0.95)),
});

/** The documents of KINDS at one size, as the checker's normalised files. */
async function normalisedPictures(size: 'telegram' | 'phone'): Promise<Uint8Array[]> {
  const pictures: Uint8Array[] = [];
  for (const [i, name] of KINDS.entries()) {
    const kind = DOCUMENT_KINDS.find((k) => k.name === name);
    if (!kind) throw new Error(`no drawing ${name}`);
    const verdict = await checkPhoto(
      await photographDocument(kind, holderOf(i, true), i, size),
      DEFAULT_PHOTO_RULES,
    );
    if (verdict.output) pictures.push(verdict.output.bytes);
  }
  return pictures;
}

/** Verdict latency of a Telegram photo, one check after another, with nothing else running or beside reads. */
async function verdictLatency(photo: Uint8Array, busy: (() => Promise<unknown>) | undefined) {
  const checker = createPhotoChecker({ concurrency: 2 });
  await checker.check(photo);
  let reading = busy !== undefined;
  let reads = 0;
  const background = (async () => {
    while (reading && busy) {
      await busy();
      reads++;
    }
  })();
  const ms: number[] = [];
  for (let i = 0; i < VERDICTS; i++) ms.push(await elapsedMs(() => checker.check(photo)));
  reading = false;
  await background;
  return { ...spread(ms), reads };
}

/** Runs every measurement, prints the tables and returns the figures. */
export async function benchReader(): Promise<Record<string, unknown>> {
  const dir = await mkdtemp(join(tmpdir(), 'nmle-bench-reader-'));
  const memoryLog = join(dir, 'max-rss-kb');
  const wrapped = existsSync(GNU_TIME);
  // One child at a time, as the bot and the CLI run it.
  const reader = createTesseractReader(
    wrapped ? { command: GNU_TIME, commandArgs: ['-a', '-o', memoryLog, '-f', '%M', 'tesseract'] } : {},
  );
  const figures: Record<string, unknown> = { cpus: availableParallelism() };
  try {
    if (!(await reader.isAvailable())) {
      console.log('\nDocument reader: tesseract with chi_sim is not installed; nothing measured.');
      return { ...figures, available: false };
    }
    const rows: Record<string, string | number>[] = [];
    for (const size of ['telegram', 'phone'] as const) {
      const pictures = await normalisedPictures(size);
      const seconds: number[] = [];
      let unread = 0;
      for (let run = 0; run < READS_PER_PICTURE; run++)
        for (const picture of pictures) {
          let read: unknown;
          seconds.push((await elapsedMs(async () => (read = await reader.read(picture)))) / 1000);
          if (!read) unread++;
        }
      const label = size === 'telegram' ? 'Telegram 1280 px' : 'phone 4000 px';
      figures[label] = {
        seconds: { median: round(quantile(seconds, 0.5), 2), p95: round(quantile(seconds, 0.95), 2) },
        reads: seconds.length,
        unread,
      };
      rows.push({
        picture: `${label} (normalised, ${pictures.length} documents)`,
        reads: seconds.length,
        'median s': round(quantile(seconds, 0.5), 2),
        'p95 s': round(quantile(seconds, 0.95), 2),
        unread,
      });
    }
    const peaksKb = wrapped
      ? (await readFile(memoryLog, 'utf8'))
          .split('\n')
          .map(Number)
          .filter((kb) => kb > 0)
      : [];
    const rssMb =
      peaksKb.length === 0
        ? undefined
        : { median: Math.round(quantile(peaksKb, 0.5) / 1024), max: Math.round(Math.max(...peaksKb) / 1024) };
    figures.readerPeakRssMb = rssMb ?? 'not measured (no /usr/bin/time)';
    printTable('Document reader (tesseract chi_sim, one child at a time)', rows);
    console.log(
      rssMb
        ? `reader peak RSS per child: median ${rssMb.median} MB, max ${rssMb.max} MB`
        : 'reader peak RSS: not measured',
    );

    const photo = (await normalisedPictures('telegram'))[0] as Uint8Array;
    const idle = await verdictLatency(photo, undefined);
    const busyPictures = await normalisedPictures('telegram');
    let next = 0;
    const busy = await verdictLatency(photo, () =>
      reader.read(busyPictures[next++ % busyPictures.length] as Uint8Array),
    );
    figures.verdictMs = { idle, readerBusy: busy };
    printTable(`Photo verdict latency (${VERDICTS} checks of a 1280 px photo)`, [
      { reader: 'idle', 'median ms': idle.median, 'p95 ms': idle.p95, 'reads meanwhile': 0 },
      { reader: 'busy reading', 'median ms': busy.median, 'p95 ms': busy.p95, 'reads meanwhile': busy.reads },
    ]);
    return figures;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await benchReader();
