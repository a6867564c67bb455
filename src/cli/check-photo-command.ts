import { constants } from 'node:fs';
import { access, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import type { DocumentReader } from '../app/ports/document-reader.js';
import { findDocumentFindings, toDocumentNotes } from '../domain/document-findings.js';
import type { Flow } from '../domain/flow.js';
import type { PhotoRules } from '../domain/photo/photo-rules.js';
import { InputError, UsageError } from '../errors.js';
import { resolveFlowPath } from '../flows/flow-file.js';
import { loadFlow } from '../flows/load-flow.js';
import type { PhotoCheck } from '../images/check-photo.js';
import { createPhotoChecker } from '../images/photo-checker.js';
import { createTesseractReader } from '../reading/tesseract-reader.js';
import type { CliCommand } from './command.js';
import { parseCliArgs } from './parse-args.js';

const USAGE = `Usage: nmle check-photo <file>... [--json] [--material <id>] [--out-dir <dir>] [--flow <file>]

Checks document photos against the upload rules (JPEG or PNG, at most 200,000 bytes, upright, sharp, well lit,
large enough to read) and normalises the ones that pass: EXIF orientation applied and removed, metadata
stripped, re-encoded to fit the size limit while keeping small print legible.

  --json             one JSON object per file, one per line, in input order:
                     { "file", "material"?, "ok", "problems": [{ "code", "message" }],
                       "notes"?: [{ "code", "message", "looksLike"? }],
                       "output"?: { "path", "format", "bytes", "width", "height" } }
                     "output" is present only for accepted files; its "path" is null without --out-dir.
  --material <id>    the material the photos are for, one of the flow's material ids (e.g. identity);
                     echoed as "material" in each line. Each accepted file is then also read offline
                     (tesseract, if installed) and "notes" lists advisory findings, which never reject
                     a file: unexpected_document (it reads as the material "looksLike") and
                     id_number_invalid (an ID number on it fails its check digit); [] when nothing was
                     found or no reader is installed
  --out-dir <dir>    write each accepted file's normalised copy there, as <name>.jpg or <name>.png;
                     created if missing
  --flow <file>      take the thresholds and messages from this flow's upload section (default: the current flow)

Problem codes: unsupported_format, corrupt, too_small, too_many_pixels, blurry, too_dark, too_bright, sideways.

Exit status: 0 every file accepted, 1 any file rejected, 2 usage or input error (e.g. a file that cannot be read).`;

/** In flight at once: one photo per core keeps the machine busy without holding every picture in memory. */
const CONCURRENCY = 2;

export interface CheckPhotoCommandOptions {
  /** The offline reader for `notes`, given how many files are to be read (default: tesseract). */
  readonly createReader?: (files: number) => DocumentReader;
}

/** The command; `options.createReader` swaps the reader (tests run with one and without). */
export function createCheckPhotoCommand(options: CheckPhotoCommandOptions = {}): CliCommand {
  const createReader =
    options.createReader ??
    // One child at a time beside the checker's two photos; every file of the batch may wait its turn.
    ((files: number) => createTesseractReader({ concurrency: 1, maxQueued: files }));
  return {
    name: 'check-photo',
    summary: 'check document photos against the upload rules and normalise them',
    usage: USAGE,
    async run(args, io) {
      const { values, positionals: files } = parseCliArgs(
        args,
        {
          json: { type: 'boolean', default: false },
          material: { type: 'string' },
          'out-dir': { type: 'string' },
          flow: { type: 'string' },
        },
        true,
      );
      if (files.length === 0) throw new UsageError('expected at least one photo file (see --help)');
      const outDir = values['out-dir'];
      if (outDir === '') throw new UsageError('--out-dir: expected a directory');
      const flow = await loadFlow(resolveFlowPath(values.flow ?? io.env.FLOW, io.cwd), io.cwd);
      if (values.material !== undefined) assertKnownMaterial(values.material, flow);
      for (const file of files) await assertReadableFile(file, io.cwd);
      const outputNames = outDir === undefined ? undefined : planOutputNames(files, outDir, io.cwd);
      if (outDir !== undefined) await prepareOutDir(outDir, io.cwd);

      const rules: PhotoRules = flow.upload;
      const checker = createPhotoChecker({ rules, concurrency: CONCURRENCY });
      // Queued together (the checker bounds the work in flight), reported in input order. Each is dropped once
      // reported, so a long list does not keep every normalised file in memory.
      const pending: (Promise<PhotoCheck> | undefined)[] = files.map((file) =>
        checker.check(() => readPhoto(file, io.cwd)),
      );
      for (const check of pending) check?.catch(() => undefined);
      // Reading starts as each verdict is ready and never changes it: the verdict is decided before.
      const material = values.material;
      const reader = material === undefined ? undefined : createReader(files.length);
      const notes = pending.map((check) =>
        reader && material !== undefined
          ? (check as Promise<PhotoCheck>).then((verdict) => readNotes(reader, verdict, material, flow))
          : undefined,
      );
      for (const note of notes) note?.catch(() => undefined);

      let rejected = 0;
      for (const [index, file] of files.entries()) {
        const verdict = await (pending[index] as Promise<PhotoCheck>);
        pending[index] = undefined;
        let path: string | null = null;
        if (verdict.output && outputNames) {
          path = `${outputNames[index]}${verdict.output.format === 'png' ? '.png' : '.jpg'}`;
          await writeFile(resolve(io.cwd, path), verdict.output.bytes);
        }
        if (!verdict.ok) rejected++;
        const read = await notes[index];
        notes[index] = undefined;
        const line = toCheckPhotoLine(file, values.material, verdict, path, rules, read);
        io.stdout(values.json ? `${JSON.stringify(line)}\n` : `${toHumanLine(line)}\n`);
      }
      return rejected === 0 ? 0 : 1;
    },
  };
}

export const checkPhotoCommand: CliCommand = createCheckPhotoCommand();

/** The advisory notes of one accepted picture under `material`; [] when it was rejected or nothing was read. */
async function readNotes(
  reader: DocumentReader,
  verdict: PhotoCheck,
  material: string,
  flow: Flow,
): Promise<CheckPhotoNote[]> {
  if (!verdict.ok || !verdict.output) return [];
  const read = await reader.read(verdict.output.bytes);
  if (!read) return [];
  const findings = findDocumentFindings(read.text, material, flow.materials);
  const title = (id: string) => flow.materials[id]?.title ?? { zh: id, en: id };
  return toDocumentNotes(findings, material, title).map((note) => ({
    code: note.code,
    message: note.message.zh,
    ...(note.code === 'unexpected_document' && { looksLike: note.looksLike }),
  }));
}

/** One advisory finding in a line of `nmle check-photo --json` (contracts §4). */
export interface CheckPhotoNote {
  readonly code: 'unexpected_document' | 'id_number_invalid';
  readonly message: string;
  readonly looksLike?: string;
}

/** One line of `nmle check-photo --json`; the field order is the contract's. */
export interface CheckPhotoLine {
  readonly file: string;
  readonly material?: string;
  readonly ok: boolean;
  readonly problems: readonly { readonly code: string; readonly message: string }[];
  /** Present when the photos were checked for a material (`--material`). */
  readonly notes?: readonly CheckPhotoNote[];
  readonly output?: {
    readonly path: string | null;
    readonly format: 'jpeg' | 'png';
    readonly bytes: number;
    readonly width: number;
    readonly height: number;
  };
}

/** The contract's JSON form of one verdict; messages in Chinese, from the rules. */
export function toCheckPhotoLine(
  file: string,
  material: string | undefined,
  verdict: PhotoCheck,
  path: string | null,
  rules: PhotoRules,
  notes?: readonly CheckPhotoNote[],
): CheckPhotoLine {
  return {
    file,
    ...(material !== undefined && { material }),
    ok: verdict.ok,
    problems: verdict.problems.map((p) => ({ code: p.code, message: rules.messages[p.code].zh })),
    ...(notes !== undefined && { notes }),
    ...(verdict.output && {
      output: {
        path,
        format: verdict.output.format,
        bytes: verdict.output.byteLength,
        width: verdict.output.width,
        height: verdict.output.height,
      },
    }),
  };
}

function toHumanLine(line: CheckPhotoLine): string {
  if (line.ok && line.output) {
    const { path, format, bytes, width, height } = line.output;
    const notes = (line.notes ?? []).map((n) => `; note ${n.code} — ${n.message}`).join('');
    return `${line.file}: ok → ${path ?? '(not written)'} (${format}, ${width}×${height}, ${bytes} bytes)${notes}`;
  }
  return `${line.file}: rejected: ${line.problems.map((p) => `${p.code} — ${p.message}`).join('; ')}`;
}

/** The material ids come from the flow's catalogue, so a new year's flow brings its own. */
function assertKnownMaterial(material: string, flow: Flow): void {
  const ids = Object.keys(flow.materials);
  if (ids.includes(material)) return;
  const known = `expected one of: ${ids.join(', ')}`;
  throw new UsageError(
    material === '' ? `--material: ${known}` : `--material: unknown material id "${material}"; ${known}`,
  );
}

/**
 * Creates the output directory (and its parents) and makes sure it can be written to, so that a bad
 * `--out-dir` is one usage error before any photo is checked rather than a failure halfway through.
 */
async function prepareOutDir(outDir: string, cwd: string): Promise<void> {
  const path = resolve(cwd, outDir);
  try {
    await mkdir(path, { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new UsageError(`--out-dir: ${outDir} is a file, expected a directory`);
    const reason = code === 'ENOTDIR' ? await findFileInPath(outDir, cwd) : describeErrno(code);
    throw new UsageError(`--out-dir: cannot create ${outDir}: ${reason}`, { cause: error });
  }
  try {
    await access(path, constants.W_OK);
  } catch (error) {
    const reason = describeErrno((error as NodeJS.ErrnoException).code);
    throw new UsageError(`--out-dir: cannot write to ${outDir}: ${reason}`, { cause: error });
  }
}

/** For ENOTDIR: names the nearest existing ancestor of `outDir`, the file in the way, as the user wrote it. */
async function findFileInPath(outDir: string, cwd: string): Promise<string> {
  for (let parent = dirname(outDir); parent !== dirname(parent); parent = dirname(parent)) {
    const found = await stat(resolve(cwd, parent)).catch(() => undefined);
    if (found?.isFile()) return `${parent} is a file, expected a directory`;
    if (found) break;
  }
  return 'a part of the path is not a directory';
}

function describeErrno(code: string | undefined): string {
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EROFS') return 'read-only file system';
  return code ?? 'error';
}

async function assertReadableFile(file: string, cwd: string): Promise<void> {
  try {
    if (!(await stat(resolve(cwd, file))).isFile()) throw new InputError('not a file', file);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw unreadable(file, error);
  }
}

async function readPhoto(file: string, cwd: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(resolve(cwd, file)));
  } catch (error) {
    throw unreadable(file, error);
  }
}

function unreadable(file: string, error: unknown): InputError {
  const code = (error as NodeJS.ErrnoException).code;
  return new InputError(code === 'ENOENT' ? 'no such file' : `cannot read: ${code ?? 'error'}`, file, {
    cause: error,
  });
}

/**
 * Output paths without extension (`<dir>/<name>`), one per input, as given relative to the current
 * directory. Two inputs that would write the same file, or an output that would overwrite an input, are a
 * usage error: better refuse before checking anything than silently lose a photo.
 */
function planOutputNames(files: readonly string[], outDir: string, cwd: string): string[] {
  const names = files.map((file) => join(outDir, basename(file, extname(file))));
  const seen = new Map<string, string>();
  const inputs = new Set(files.map((file) => resolve(cwd, file)));
  for (const [index, name] of names.entries()) {
    const file = files[index] as string;
    const twin = seen.get(resolve(cwd, name));
    if (twin !== undefined)
      throw new UsageError(`${twin} and ${file} would both be written to ${name}.jpg/.png; rename one`);
    seen.set(resolve(cwd, name), file);
    for (const ext of ['.jpg', '.png'])
      if (inputs.has(resolve(cwd, `${name}${ext}`)))
        throw new UsageError(`--out-dir: ${name}${ext} would overwrite an input; choose another directory`);
  }
  return names;
}
