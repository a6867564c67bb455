/**
 * Reads the labelled set and scores the findings against the issue's goals. Used by the scores test and by
 * print-reading-scores.ts (`npx tsx test/reading/print-reading-scores.ts`), which prints them for a note.
 */
import type { DocumentReader } from '../../src/app/ports/document-reader.js';
import { type DocumentFindings, findDocumentFindings } from '../../src/domain/document-findings.js';
import type { Flow } from '../../src/domain/flow.js';
import { normaliseReadText } from '../../src/domain/read-text.js';
import { checkPhoto } from '../../src/images/check-photo.js';
import { createConcurrencyLimit } from '../../src/images/limit-concurrency.js';
import type { LabelledPicture } from './fixtures/labelled-reading-set.js';

export interface ReadPicture {
  readonly picture: LabelledPicture;
  /** The checker's verdict on the picture as sent: every picture of the set must pass it. */
  readonly accepted: boolean;
  readonly text: string | undefined;
  readonly seconds: number;
}

/** Checks each picture as an upload would, then reads the normalised file; `parallel` pictures at a time. */
export async function readLabelledSet(
  pictures: readonly LabelledPicture[],
  flow: Flow,
  reader: DocumentReader,
  parallel = 2,
): Promise<ReadPicture[]> {
  const limit = createConcurrencyLimit(parallel);
  return Promise.all(
    pictures.map((picture) =>
      limit(async () => {
        const verdict = await checkPhoto(await picture.build(), flow.upload);
        if (!verdict.ok || !verdict.output) return { picture, accepted: false, text: undefined, seconds: 0 };
        const started = performance.now();
        const read = await reader.read(verdict.output.bytes);
        return { picture, accepted: true, text: read?.text, seconds: (performance.now() - started) / 1000 };
      }),
    ),
  );
}

export interface Rate {
  readonly hits: number;
  readonly of: number;
}

export interface ReadingScores {
  /** Pictures under their own material that were told they look like another. */
  readonly falseAlarms: Rate;
  /** The same, under every material the document fits (a diploma under the bachelor's diploma). */
  readonly falseAlarmsFitting: Rate;
  /** Pictures under a material they do not fit that were told so. */
  readonly wrongFlagged: Rate;
  /** Of those flagged, how many named a material the document fits. */
  readonly wrongNamedRight: Rate;
  /** Mistyped ID numbers that the reader read whole, and were flagged. */
  readonly invalidFlagged: Rate;
  /** Mistyped ID numbers read at all (legible): the denominator above, out of all mistyped ones. */
  readonly invalidLegible: Rate;
  /** Pictures with a valid ID number, or none, that were flagged anyway. */
  readonly validFlagged: Rate;
  /** Names printed after 姓名 read exactly. */
  readonly namesRead: Rate;
  /** Per wrong call, what happened, for the printout. */
  readonly misses: readonly string[];
}

const rate = (hits: number, of: number): Rate => ({ hits, of });

/** Scores the reads: each picture judged under its own material, every fitting one, and every other one. */
export function scoreReads(reads: readonly ReadPicture[], flow: Flow, today: Date): ReadingScores {
  const materials = Object.keys(flow.materials);
  const judge = (text: string, expected: string): DocumentFindings =>
    findDocumentFindings(text, expected, flow.materials, materials, today);
  let own = 0;
  let ownAlarms = 0;
  let fitting = 0;
  let fittingAlarms = 0;
  let wrong = 0;
  let wrongFlagged = 0;
  let namedRight = 0;
  let invalid = 0;
  let legible = 0;
  let invalidFlagged = 0;
  let validPictures = 0;
  let validFlagged = 0;
  let names = 0;
  let namesRead = 0;
  const misses: string[] = [];
  for (const { picture, text = '' } of reads) {
    const { kind, holder } = picture;
    const mine = judge(text, kind.material);
    own++;
    if (mine.looksLike) {
      ownAlarms++;
      misses.push(`false alarm: ${picture.name} under ${kind.material} looks like ${mine.looksLike}`);
    }
    for (const material of kind.fits) {
      fitting++;
      if (judge(text, material).looksLike) fittingAlarms++;
    }
    for (const material of materials.filter((m) => !kind.fits.includes(m))) {
      wrong++;
      const looksLike = judge(text, material).looksLike;
      if (looksLike) {
        wrongFlagged++;
        if (kind.fits.includes(looksLike)) namedRight++;
      } else misses.push(`not flagged: ${picture.name} under ${material}`);
    }
    const printsInvalid = kind.printsIdNumber && !holder.idNumberValid;
    if (printsInvalid) {
      invalid++;
      if (normaliseReadText(text).includes(holder.idNumber)) {
        legible++;
        if (mine.invalidIdNumbers > 0) invalidFlagged++;
        else misses.push(`invalid ID number not flagged: ${picture.name}`);
      } else misses.push(`invalid ID number not legible: ${picture.name}`);
    } else {
      validPictures++;
      if (mine.invalidIdNumbers > 0) {
        validFlagged++;
        misses.push(`valid ID number flagged: ${picture.name}`);
      }
    }
    if (/姓\s*名/.test(kind.draw(holder, 0))) {
      names++;
      if (mine.name === holder.name) namesRead++;
    }
  }
  return {
    falseAlarms: rate(ownAlarms, own),
    falseAlarmsFitting: rate(fittingAlarms, fitting),
    wrongFlagged: rate(wrongFlagged, wrong),
    wrongNamedRight: rate(namedRight, wrongFlagged),
    invalidFlagged: rate(invalidFlagged, legible),
    invalidLegible: rate(legible, invalid),
    validFlagged: rate(validFlagged, validPictures),
    namesRead: rate(namesRead, names),
    misses,
  };
}

const share = ({ hits, of }: Rate) =>
  `${hits}/${of} (${of === 0 ? '—' : `${((100 * hits) / of).toFixed(1)} %`})`;

/** The scores as the closing note gives them, with the goals beside them. */
export function formatScores(scores: ReadingScores, reads: readonly ReadPicture[]): string {
  const seconds = reads.map((r) => r.seconds).sort((a, b) => a - b);
  const median = seconds[Math.floor(seconds.length / 2)] ?? 0;
  return [
    `document reader on the labelled set: ${reads.length} pictures (${reads.filter((r) => r.picture.size === 'telegram').length} at 1280 px, ${reads.filter((r) => r.picture.size === 'phone').length} at 4000 px), median ${median.toFixed(2)} s a read`,
    `  false alarms, own material        ${share(scores.falseAlarms)}   goal ≤ 1 in 40`,
    `  false alarms, any fitting slot    ${share(scores.falseAlarmsFitting)}`,
    `  wrong materials flagged           ${share(scores.wrongFlagged)}   goal ≥ 90 %`,
    `    … naming the right material     ${share(scores.wrongNamedRight)}`,
    `  invalid ID numbers flagged        ${share(scores.invalidFlagged)} of the legible   goal ≥ 90 %`,
    `    … legible                       ${share(scores.invalidLegible)}`,
    `  valid (or no) ID numbers flagged  ${share(scores.validFlagged)}   goal 0`,
    `  names read after 姓名             ${share(scores.namesRead)}`,
    ...scores.misses.slice(0, 40).map((m) => `  ✗ ${m}`),
    ...(scores.misses.length > 40 ? [`  … and ${scores.misses.length - 40} more`] : []),
  ].join('\n');
}
