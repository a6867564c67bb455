/**
 * The accepted pictures as a ZIP archive, written one picture at a time (contracts §4 `nmle export photos`,
 * §8 `GET /export/photos.zip?applicant=<user id>`).
 *
 *   const zip = await preparePhotosZip(deps, { applicant: 42 });   // or { filter: rosterFilter }
 *   if (zip.kind === 'unknown_applicant') return notFound();        // nothing written yet
 *   const { entries, bytes } = await zip.write(response);
 *
 * or in one call, `writePhotosZip(deps, selection, out)`, which leaves `out` untouched (not ended) for an
 * unknown applicant. `out` is any Node Writable — a file or an HTTP response, which `write` ends.
 *
 * Entries are `<user id>/<NN>_<material title>_<k>.jpg` (src/domain/portal-files.ts), names in UTF-8 with
 * the language-encoding flag set (yazl sets it on every entry), stored without compression (JPEG and PNG
 * are compressed already). A picture is read from the picture store only when the archive has taken the one
 * before it, and only while `out` keeps up: memory holds one picture, whatever the number exported. A
 * picture removed since the listing (the applicant replaced it or deleted their data) is left out and
 * counted in `skipped`; one still on record that cannot be read, or `out` failing or closing early, rejects.
 */
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import type { AppDeps } from '../app/app-deps.js';
import { listPhotoExport, type PhotoEntry, type PhotoSelection } from '../app/export-photos.js';
import { createByteCounter, whenWritable } from './byte-counter.js';

export type { PhotoSelection } from '../app/export-photos.js';

export type PhotosExportDeps = Pick<AppDeps, 'flow' | 'applicants' | 'pictures' | 'clock'>;

export interface PhotosExportSummary {
  /** Applicants covered (with or without pictures). */
  readonly applicants: number;
  /** Pictures written. */
  readonly entries: number;
  /** Pictures left out because they were removed while the export ran. */
  readonly skipped: number;
  /** Size of the archive. */
  readonly bytes: number;
}

export type PreparedPhotosZip =
  | { readonly kind: 'unknown_applicant'; readonly userId: number }
  | {
      readonly kind: 'ready';
      /** Pictures listed (before any is read). */
      readonly entries: number;
      write(out: Writable): Promise<PhotosExportSummary>;
    };

/** Lists what to export (reading no picture yet), so that a face can answer "unknown" before it writes. */
export async function preparePhotosZip(
  deps: PhotosExportDeps,
  selection: PhotoSelection,
): Promise<PreparedPhotosZip> {
  const listed = await listPhotoExport(deps, selection);
  if (listed.kind === 'unknown_applicant') return listed;
  return {
    kind: 'ready',
    entries: listed.entries.length,
    write: async (out) => ({ applicants: listed.applicants, ...(await writeEntries(listed.entries, out)) }),
  };
}

/** preparePhotosZip and write in one call; an unknown applicant writes nothing and leaves `out` open. */
export async function writePhotosZip(
  deps: PhotosExportDeps,
  selection: PhotoSelection,
  out: Writable,
): Promise<PhotosExportSummary | { readonly kind: 'unknown_applicant'; readonly userId: number }> {
  const zip = await preparePhotosZip(deps, selection);
  return zip.kind === 'ready' ? zip.write(out) : zip;
}

/**
 * Adds one picture and resolves once the archive has taken all of its bytes. Not addBuffer: yazl keeps each
 * entry's pump function, and with it an added buffer, until the archive ends — an export would hold every
 * picture it wrote (518 MB more RSS for a 540 MB archive, bench/exports.ts). Given lazily, the bytes are let
 * go as soon as yazl reads them, and waiting for that keeps one picture in hand at a time.
 */
function handOver(zip: yazl.ZipFile, entry: PhotoEntry, bytes: Uint8Array): Promise<void> {
  const options = { compress: false, mtime: new Date(entry.addedAt), size: bytes.byteLength };
  // The only reference the entry's closures keep to the picture, dropped when yazl takes it: no closure here
  // names `bytes`, which would keep it in their shared scope for the life of the archive.
  let held: Uint8Array | undefined = bytes;
  return new Promise((resolve, reject) => {
    zip.addReadStreamLazy(entry.path, options, (give) => {
      const chunk = held as Uint8Array;
      held = undefined;
      const stream = Readable.from([Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)]);
      stream.once('end', resolve).once('error', reject);
      give(null, stream);
    });
  });
}

async function writeEntries(
  entries: readonly PhotoEntry[],
  out: Writable,
): Promise<Omit<PhotosExportSummary, 'applicants'>> {
  const zip = new yazl.ZipFile();
  // yazl's outputStream is a PassThrough (its typings say only ReadableStream): its writable side tells
  // when the receiver has fallen behind.
  const output = zip.outputStream as unknown as Writable & NodeJS.ReadableStream;
  const counter = createByteCounter();
  const delivered = pipeline(output, counter, out);
  // Watched from the start: a receiver that fails while a picture is being read must not go unhandled.
  let failure: unknown;
  delivered.catch((error: unknown) => {
    failure ??= error;
  });
  let written = 0;
  let skipped = 0;
  try {
    for (const entry of entries) {
      await whenWritable(output);
      const bytes = await entry.read();
      if (failure) break;
      if (!bytes) {
        skipped += 1;
        continue;
      }
      await Promise.race([handOver(zip, entry, bytes), delivered]);
      written += 1;
    }
  } catch (error) {
    output.destroy(error as Error);
    await delivered.catch(() => undefined);
    throw error;
  }
  if (!failure) zip.end();
  await delivered;
  return { entries: written, skipped, bytes: counter.bytes };
}
