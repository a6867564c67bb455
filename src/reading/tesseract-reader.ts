/**
 * The document reader: Debian's `tesseract` (packages tesseract-ocr, tesseract-ocr-chi-sim) run as a child
 * process, one picture per run.
 *
 * Why tesseract. Measured on synthetic document photos on these 2-core machines (issue 14): tesseract with
 * chi_sim put 33 of 37 acceptable pictures in the right slot at ~2.4 s a photo and ~150 MB while it runs, and
 * nothing while it does not; PP-OCRv4 on onnxruntime-node read as well (33/37, and handwriting) but costs
 * ~300 MB of npm install (its install script must be kept from downloading CUDA files, which fails here) and
 * ~1 GB of memory held by the bot; tesseract.js with the chi_sim data 30/37 at ~340 MB inside the bot's own
 * process. The OS package adds no install weight to `npm install`, keeps the bot's heap and event loop free
 * (a child process, not a library), and is one `apt-get install` away; without it the service runs as
 * before. The port (src/app/ports/document-reader.ts) lets a better reader replace it.
 *
 * Bounds: `concurrency` children at once (1: the machine has two cores and the photo checker needs one),
 * `maxQueued` waiting (beyond that a picture is simply not read), a timeout after which the child is killed,
 * at most `maxInputBytes` fed to it (the normalised picture, ≤ 200,000 bytes and ~2 megapixels, never a
 * phone's original), one OpenMP thread per child, and a low CPU priority (nice 15) so that the checker comes
 * first. Upside-down pages are read through tesseract's own orientation detection (`--psm 1`); sideways ones
 * never get here, the checker refuses them.
 */
import { spawn } from 'node:child_process';
import { setPriority } from 'node:os';
import type { DocumentReader, ReadText } from '../app/ports/document-reader.js';
import { createBoundedQueue } from './bounded-queue.js';

export interface TesseractReaderOptions {
  /** The executable (default `tesseract`, found on PATH). */
  readonly command?: string;
  /** Arguments put before tesseract's own: a wrapper such as `/usr/bin/time` passes the real command here. */
  readonly commandArgs?: readonly string[];
  /** Tesseract's language models, `+`-joined; every one must be installed (default `chi_sim`). */
  readonly languages?: string;
  /** Children at once (default 1). */
  readonly concurrency?: number;
  /** Pictures waiting beyond those being read (default 8). */
  readonly maxQueued?: number;
  /**
   * A picture's reading (both passes) still running after this long is killed and counts as not read
   * (default 15 s: a page of print reads in 0.5–3 s).
   */
  readonly timeoutMs?: number;
  /** The child's niceness, 0–19 (default 15: reading is advisory, the verdict comes first). */
  readonly niceness?: number;
  /** Larger inputs are not read at all (default 400,000 bytes: twice the normalised picture's ceiling). */
  readonly maxInputBytes?: number;
}

/**
 * Page segmentation: first as one column of text of varying sizes (`--psm 4`), which reads the label and the
 * value of a certificate's rows as one line where automatic layout (`--psm 1`/`3`) often splits off and loses
 * a label's first characters; then, only when that read is poor, automatic layout with orientation detection
 * (`--psm 1`), which reads a page turned upside down. Measured on the labelled set of test/reading: an
 * upright page reads at a mean word confidence of 78–93, the same page upside down at ~37 in one column.
 */
const COLUMN = '4';
const ORIENTED = '1';
/** Mean word confidence (0–100) from which a one-column read is taken as upright. */
const UPRIGHT_CONFIDENCE = 60;
/** Below this much of the timeout left, the second pass is not tried: it would only be killed. */
const MIN_SECOND_PASS_MS = 1000;

/** Text beyond this is cut: a page of print is a few kilobytes, anything more is a runaway. */
const MAX_OUTPUT_BYTES = 256 * 1024;

/** Builds the reader. Nothing is spawned until the first read (or isAvailable call). */
export function createTesseractReader(options: TesseractReaderOptions = {}): DocumentReader {
  const command = options.command ?? 'tesseract';
  const prefix = options.commandArgs ?? [];
  const languages = options.languages ?? 'chi_sim';
  const timeoutMs = options.timeoutMs ?? 15_000;
  const maxInputBytes = options.maxInputBytes ?? 400_000;
  const niceness = options.niceness ?? 15;
  const queue = createBoundedQueue(options.concurrency ?? 1, options.maxQueued ?? 8);
  let available: Promise<boolean> | undefined;

  const isAvailable = () => {
    available ??= runChild(command, [...prefix, '--list-langs'], undefined, timeoutMs, niceness).then(
      (run) => {
        if (run?.code !== 0) return false;
        // tesseract 4 printed the list on stderr, 5 on stdout.
        const installed = new Set(`${run.stdout}\n${run.stderr}`.split('\n').map((line) => line.trim()));
        return languages.split('+').every((language) => installed.has(language));
      },
    );
    return available;
  };

  return {
    isAvailable,
    async read(bytes) {
      if (bytes.byteLength === 0 || bytes.byteLength > maxInputBytes) return undefined;
      if (!(await isAvailable())) return undefined;
      // The timeout bounds the picture's reading, both passes together (time waiting in the queue aside).
      let budgetMs = timeoutMs;
      const once = async (pageSegmentation: string) => {
        const args = [...prefix, 'stdin', 'stdout', '-l', languages, '--psm', pageSegmentation, 'tsv'];
        const run = await queue.run(async () => {
          const started = Date.now();
          const child = await runChild(command, args, bytes, budgetMs, niceness);
          budgetMs -= Date.now() - started;
          return child;
        });
        return run && run.code === 0 ? parseTsv(run.stdout) : undefined;
      };
      const column = await once(COLUMN);
      if (!column || column.confidence >= UPRIGHT_CONFIDENCE || budgetMs < MIN_SECOND_PASS_MS) return column;
      const oriented = await once(ORIENTED);
      return oriented && oriented.confidence > column.confidence ? oriented : column;
    },
  };
}

/**
 * Tesseract's TSV (one row per recognised item; level 5 rows are words with their confidence) as text, one
 * line per recognised line, and the mean confidence of its words.
 */
function parseTsv(tsv: string): ReadText {
  const lines = new Map<string, string[]>();
  let confidence = 0;
  let words = 0;
  for (const row of tsv.split('\n').slice(1)) {
    const cells = row.split('\t');
    if (cells[0] !== '5' || cells.length < 12) continue;
    const word = cells.slice(11).join('\t').trim();
    const conf = Number(cells[10]);
    if (word === '' || !(conf >= 0)) continue;
    const key = cells.slice(1, 5).join('/');
    lines.set(key, [...(lines.get(key) ?? []), word]);
    confidence += conf;
    words++;
  }
  const text = [...lines.values()].map((line) => line.join(' ')).join('\n');
  return { text, confidence: words === 0 ? 0 : confidence / words };
}

interface ChildRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a child to its end, feeding `input` on stdin. Undefined when it cannot be started (not installed) or
 * ran past the timeout (it is then killed with SIGKILL: a stuck OCR run holds a core and ~150 MB).
 */
function runChild(
  command: string,
  args: readonly string[],
  input: Uint8Array | undefined,
  timeoutMs: number,
  niceness: number,
): Promise<ChildRun | undefined> {
  return new Promise((resolve) => {
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(command, args, {
        stdio: ['pipe', 'pipe', 'pipe'],
        env: { ...process.env, OMP_THREAD_LIMIT: '1' },
      });
    } catch {
      resolve(undefined);
      return;
    }
    // The verdict must not wait for the reader: on two cores the child yields the CPU to the photo checker.
    if (child.pid !== undefined)
      try {
        setPriority(child.pid, niceness);
      } catch {
        // Already gone, or not permitted: it then runs at the bot's own priority.
      }
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outBytes = 0;
    let settled = false;
    const finish = (run: ChildRun | undefined) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(run);
    };
    // Settled only once the killed child has exited, so that the next reading never runs beside it (one
    // child at a time is the reader's bound on CPU and memory).
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('exit', () => {
      if (timedOut) finish(undefined);
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      if (outBytes < MAX_OUTPUT_BYTES) out.push(chunk);
      outBytes += chunk.length;
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      if (err.length < 64) err.push(chunk);
    });
    child.on('error', () => finish(undefined));
    child.on('close', (code) =>
      finish(
        timedOut
          ? undefined
          : {
              code,
              stdout: Buffer.concat(out).subarray(0, MAX_OUTPUT_BYTES).toString('utf8'),
              stderr: Buffer.concat(err).toString('utf8'),
            },
      ),
    );
    // A child that exits before reading all its input (a bad option) closes the pipe: not an error here.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(
      input === undefined ? undefined : Buffer.from(input.buffer, input.byteOffset, input.byteLength),
    );
  });
}
