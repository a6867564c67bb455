/**
 * How long the photo check takes next to what sharp alone needs to decode the same file, how long it takes to
 * refuse a decompression bomb from its header, and how many photos a second the bounded checker gets through
 * with several in flight.
 *
 *   node --import tsx bench/photos.ts
 *
 * The photos are the test fixtures: a Telegram-sized 1280×960 photo of an A4 page and a 4000×3000 phone photo
 * of one with sensor noise, both JPEG; and a valid 12000×12000 PNG that deflates to a few hundred KB. Wall-clock
 * times on whatever machine runs this, and beside them the CPU time each took (see timed), the steadier ratio
 * on a busy machine.
 */
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';
import { DEFAULT_PHOTO_RULES } from '../src/domain/photo/photo-rules.js';
import { checkPhoto } from '../src/images/check-photo.js';
import { createPhotoChecker } from '../src/images/photo-checker.js';
import { phonePhotoJpeg, pngBombDeflated, telegramPhotoJpeg } from '../test/helpers/photo-fixtures.js';
import { benchReader } from './reader.js';
import { printTable, quantile, round } from './stats.js';

const RUNS = 25;
const WARM_UP = 3;
const IN_FLIGHT_PHOTOS = 40;
const CONCURRENCIES = [1, 2, 4] as const;

async function elapsedMs(task: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await task();
  return performance.now() - started;
}

/**
 * Wall-clock and CPU milliseconds of one task. CPU time is the whole process's (main thread and libuv's pool,
 * where sharp works), so with nothing else running in the process it is the task's own work: on a machine
 * shared with other jobs it moves far less than the wall clock, which also counts the waits for a core.
 */
async function timed(task: () => Promise<unknown>): Promise<{ wallMs: number; cpuMs: number }> {
  const cpu = process.cpuUsage();
  const wallMs = await elapsedMs(task);
  const used = process.cpuUsage(cpu);
  return { wallMs, cpuMs: (used.user + used.system) / 1000 };
}

/**
 * Runs of each side in a row before switching: a task pays for the garbage collection that the other side's
 * garbage starts while it runs (partly on V8's helper threads, which process.cpuUsage counts). Alternating run
 * by run charged the check for the bare decode's: the decode of a 4000×3000 photo leaves a 36 MB buffer each
 * run, V8 collected it during the next check ("external memory pressure", --trace-gc), and that check's median
 * rose by some 15 ms while the decode's fell by as much. In blocks, each side mostly pays for its own garbage,
 * the first run of a block excepted (the medians leave it out), and both still see the same machine.
 */
const RUNS_PER_BLOCK = 5;

/** The whole check and a bare full decode of one file, in alternating blocks (see RUNS_PER_BLOCK). */
async function perPhoto(photo: Uint8Array) {
  const check = () => checkPhoto(photo, DEFAULT_PHOTO_RULES);
  const decode = () => sharp(photo).raw().toBuffer();
  for (let i = 0; i < WARM_UP; i++) {
    await check();
    await decode();
  }
  const checks: number[] = [];
  const decodes: number[] = [];
  const checkCpu: number[] = [];
  const decodeCpu: number[] = [];
  for (let block = 0; block < RUNS; block += RUNS_PER_BLOCK) {
    const runs = Math.min(RUNS_PER_BLOCK, RUNS - block);
    for (let i = 0; i < runs; i++) {
      const checked = await timed(check);
      checks.push(checked.wallMs);
      checkCpu.push(checked.cpuMs);
    }
    for (let i = 0; i < runs; i++) {
      const decoded = await timed(decode);
      decodes.push(decoded.wallMs);
      decodeCpu.push(decoded.cpuMs);
    }
  }
  const { output } = await check();
  return {
    checkMs: { median: round(quantile(checks, 0.5)), p95: round(quantile(checks, 0.95)) },
    bareDecodeMs: { median: round(quantile(decodes, 0.5)), p95: round(quantile(decodes, 0.95)) },
    cpuMs: { check: round(quantile(checkCpu, 0.5)), bareDecode: round(quantile(decodeCpu, 0.5)) },
    output:
      output &&
      `${output.format} ${output.width}×${output.height}, ${output.byteLength} B, ${
        output.quality === undefined ? 'kept as is' : `q${output.quality}`
      }`,
  };
}

/**
 * The check of a decompression bomb, which must be refused from its header. No bare decode beside it: that
 * would inflate 144 megapixels each run, seconds apiece, which is what the check avoids.
 */
async function bombRefusal(bomb: Uint8Array) {
  const check = () => checkPhoto(bomb, DEFAULT_PHOTO_RULES);
  for (let i = 0; i < WARM_UP; i++) await check();
  const checks: number[] = [];
  for (let i = 0; i < RUNS; i++) checks.push(await elapsedMs(check));
  const { problems } = await check();
  return {
    checkMs: { median: round(quantile(checks, 0.5)), p95: round(quantile(checks, 0.95)) },
    problems: problems.map((p) => p.code).join(', ') || 'none',
  };
}

/**
 * Photos a second through createPhotoChecker with `concurrency` in flight, and how much memory that took: the
 * growth over the resident set before the run, and the peak resident set itself (the process's whole RSS,
 * sampled every 5 ms while the photos are in flight).
 */
async function inFlight(photo: Uint8Array, concurrency: number) {
  const checker = createPhotoChecker({ concurrency });
  const rssBefore = process.memoryUsage().rss;
  let rssPeak = rssBefore;
  const sampler = setInterval(() => {
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
  }, 5);
  const seconds =
    (await elapsedMs(() =>
      Promise.all(Array.from({ length: IN_FLIGHT_PHOTOS }, () => checker.check(photo))),
    )) / 1000;
  clearInterval(sampler);
  return {
    photosPerSecond: round(IN_FLIGHT_PHOTOS / seconds),
    rssGrowthMb: Math.round((rssPeak - rssBefore) / 2 ** 20),
    rssPeakMb: Math.round(rssPeak / 2 ** 20),
  };
}

/** Runs every measurement, prints the tables and returns the figures. */
export async function benchPhotos(): Promise<Record<string, unknown>> {
  const photos: [string, Uint8Array][] = [
    ['Telegram 1280×960', await telegramPhotoJpeg()],
    ['phone 4000×3000', await phonePhotoJpeg()],
  ];
  const single: Record<string, string | number>[] = [];
  const parallel: Record<string, string | number>[] = [];
  const figures: Record<string, unknown> = { cpus: availableParallelism(), runs: RUNS };
  for (const [name, photo] of photos) {
    const one = await perPhoto(photo);
    single.push({
      photo: `${name} (${Math.round(photo.length / 1024)} KB)`,
      'check median ms': one.checkMs.median,
      'check p95 ms': one.checkMs.p95,
      'bare decode median ms': one.bareDecodeMs.median,
      'check ÷ decode': round(one.checkMs.median / one.bareDecodeMs.median, 2),
      'bare decode p95 ms': one.bareDecodeMs.p95,
      'CPU ms check / decode': `${one.cpuMs.check} / ${one.cpuMs.bareDecode}`,
      'CPU ÷': round(one.cpuMs.check / one.cpuMs.bareDecode, 2),
      output: one.output ?? 'rejected',
    });
    const many: Record<string, unknown> = {};
    for (const concurrency of CONCURRENCIES) {
      const run = await inFlight(photo, concurrency);
      many[`concurrency ${concurrency}`] = run;
      parallel.push({
        photo: name,
        'in flight': concurrency,
        photos: IN_FLIGHT_PHOTOS,
        'photos/s': run.photosPerSecond,
        'RSS growth MB': run.rssGrowthMb,
        'peak RSS MB': run.rssPeakMb,
      });
    }
    figures[name] = { ...one, inFlight: many };
  }
  const bomb = await pngBombDeflated();
  const refusal = await bombRefusal(bomb);
  figures['PNG bomb 12000×12000'] = refusal;
  single.push({
    photo: `PNG bomb 12000×12000 (${Math.round(bomb.length / 1024)} KB)`,
    'check median ms': refusal.checkMs.median,
    'check p95 ms': refusal.checkMs.p95,
    'bare decode median ms': 'not run',
    'check ÷ decode': '—',
    'bare decode p95 ms': 'not run',
    'CPU ms check / decode': '—',
    'CPU ÷': '—',
    output: `rejected: ${refusal.problems}`,
  });
  printTable(`Photo check, one at a time (${RUNS} runs each, after ${WARM_UP} warm-up runs)`, single);
  printTable(`Photo check through createPhotoChecker, ${IN_FLIGHT_PHOTOS} photos queued at once`, parallel);
  // The offline document reader (issue 14) runs after the verdict: its own time and memory, and the verdict's
  // latency while it reads (which must not move).
  figures.reader = await benchReader();
  return figures;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await benchPhotos();
