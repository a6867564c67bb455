import sharp from 'sharp';
import { judgeContent, judgeDimensions, judgeFormat, judgePixelCount } from '../domain/photo/judge-photo.js';
import type { PhotoProblem } from '../domain/photo/photo-problem.js';
import type { PhotoRules } from '../domain/photo/photo-rules.js';
import type { NormalisedPhotoInfo, PhotoMeasurements, PhotoVerdict } from '../domain/photo/photo-verdict.js';
import { analysisCopy } from './analysis-copy.js';
import { decodePhoto, type RawPhoto } from './decode-photo.js';
import { type EncodedPhoto, encodeNormalisedPhoto } from './encode-normalised-photo.js';
import { bareJpegSize } from './is-bare-jpeg.js';
import { measureExposure } from './measure-exposure.js';
import { measurePaper } from './measure-paper.js';
import { measureSharpness } from './measure-sharpness.js';
import { measureTextOrientation } from './measure-text-orientation.js';
import { sniffImageFormat } from './sniff-image-format.js';

/** The accepted photo's file, ready to store or send. */
export interface NormalisedPhoto extends NormalisedPhotoInfo {
  readonly bytes: Uint8Array;
}

/** A verdict with the normalised file attached when the photo is accepted. */
export interface PhotoCheck extends PhotoVerdict {
  readonly output?: NormalisedPhoto;
}

export interface CheckPhotoOptions {
  /** Set false to judge only, without encoding the normalised file (saves the quality search). */
  readonly normalise?: boolean;
}

/**
 * A PNG up to this many times the output's pixel budget is decoded at full size, so that a screenshot can be
 * kept as lossless PNG without resampling (resampling blurs pixel-exact text and defeats PNG's compression).
 */
const PNG_NATIVE_PIXEL_SHARE = 2;

/**
 * Checks one uploaded file against the rules and, when it passes, normalises it (see encodeNormalisedPhoto).
 *
 * The order matters for safety and cost: the format is judged from the first bytes; the header is read
 * without decoding, so a decompression bomb is refused by its declared size before a single pixel is
 * inflated; only then is the file decoded, once, upright (EXIF orientation applied), and already downscaled.
 * A file that is not a usable image is a verdict (`unsupported_format`, `corrupt`), never an exception; an
 * exception means a bug or an exhausted machine.
 */
export async function checkPhoto(
  input: Uint8Array,
  rules: PhotoRules,
  options: CheckPhotoOptions = {},
): Promise<PhotoCheck> {
  const format = sniffImageFormat(input);
  let measurements: PhotoMeasurements = { byteLength: input.length, format };
  const refuse = (problems: readonly PhotoProblem[]): PhotoCheck => ({ ok: false, problems, measurements });

  const formatProblem = judgeFormat(format, rules);
  if (formatProblem) return refuse([formatProblem]);

  const header = await readHeader(input, format);
  if ('code' in header) return refuse([header]);
  const { upright } = header;
  measurements = {
    ...measurements,
    width: upright.width,
    height: upright.height,
    ...(header.orientation !== undefined && { exifOrientation: header.orientation }),
  };
  const sizeProblem =
    judgePixelCount(header.stored.width, header.stored.height, rules) ??
    judgeDimensions(upright.width, upright.height, rules);
  if (sizeProblem) return refuse([sizeProblem]);

  const inputPixels = upright.width * upright.height;
  const inputLongSidePx = Math.max(upright.width, upright.height);
  // A JPEG that already fits and carries nothing to strip is kept byte for byte: no generation loss, no
  // encode. Telegram's photos (1280 px, no EXIF) mostly are such files.
  const keepAsIs =
    options.normalise !== false &&
    format === 'jpeg' &&
    input.length <= rules.maxBytes &&
    inputPixels <= rules.outputTargetPixels &&
    header.bare;
  // A file kept as it is fits the pixel budget, so this decodes it at its own size, for the measurements only.
  const shrink = outputShrink(format, inputPixels, inputLongSidePx, rules);
  let raw: RawPhoto;
  try {
    raw = await decodePhoto(input, {
      width: Math.max(1, Math.round(upright.width / shrink)),
      height: Math.max(1, Math.round(upright.height / shrink)),
      maxInputPixels: rules.maxInputPixels,
    });
  } catch (error) {
    return refuse([{ code: 'corrupt', detail: firstLine(error) }]);
  }

  // The encode runs on libuv's pool while the analysis copy is made and measured: most photos pass, and for
  // those the encode is then ready, or nearly. A refused photo's encode is waited for and thrown away, so the
  // checker's bound on photos in flight still bounds the work.
  const encoding =
    !keepAsIs && options.normalise !== false
      ? encodeNormalisedPhoto(raw, rules, { preferPng: format === 'png', inputLongSidePx })
      : undefined;
  const settled = encoding?.then(
    (encoded): EncodedPhoto | Error => encoded,
    (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
  );
  const grey = analysisCopy(raw, rules.analysisLongSidePx);

  const exposure = measureExposure(grey);
  const sharpness = measureSharpness(grey, exposure.paperLevel - exposure.inkLevel);
  const orientation = measureTextOrientation(grey, exposure.paperLevel);
  const paper = measurePaper(grey, rules.glareLevel);
  measurements = {
    ...measurements,
    meanLevel: round(exposure.meanLevel, 1),
    inkLevel: exposure.inkLevel,
    paperLevel: exposure.paperLevel,
    documentPaperLevel: paper.level,
    glareSidePx: paper.blownOutSidePx,
    edgeWidthPx: sharpness.edgeWidthPx,
    textOrientationRatio: round(orientation.verticalToHorizontal, 3),
    inkFraction: round(orientation.inkFraction, 4),
  };
  const contentProblems = judgeContent(
    {
      paperLevel: exposure.paperLevel,
      documentPaperLevel: paper.level,
      inkLevel: exposure.inkLevel,
      glareSidePx: paper.blownOutSidePx,
      edgeWidthPx: sharpness.edgeWidthPx,
      textOrientationRatio: orientation.verticalToHorizontal,
      inkFraction: orientation.inkFraction,
    },
    rules,
  );
  if (contentProblems.length > 0) {
    await settled;
    return refuse(contentProblems);
  }
  if (options.normalise === false) return { ok: true, problems: [], measurements };
  if (keepAsIs) {
    const kept = { format: 'jpeg', width: upright.width, height: upright.height } as const;
    return {
      ok: true,
      problems: [],
      measurements,
      output: { ...kept, bytes: input, byteLength: input.length },
    };
  }

  const encoded = await settled;
  if (!encoded) throw new Error('no pixels decoded to encode');
  if (encoded instanceof Error) throw encoded;
  const output: NormalisedPhoto = {
    bytes: encoded.bytes,
    format: encoded.format,
    width: encoded.width,
    height: encoded.height,
    byteLength: encoded.bytes.length,
    ...(encoded.quality !== undefined && { quality: encoded.quality }),
  };
  return { ok: true, problems: [], measurements, output };
}

interface Size {
  readonly width: number;
  readonly height: number;
}

interface Header {
  /** Size as stored, and as shown once EXIF orientation is applied. */
  readonly stored: Size;
  readonly upright: Size;
  readonly orientation?: number;
  /** A JPEG with nothing but its picture (see isBareJpeg). */
  readonly bare: boolean;
}

/**
 * The declared size, read without decoding a pixel. A bare JPEG's frame header is read here, sparing a call
 * into sharp (a trip through libuv's pool), which matters for Telegram's photos, mostly such files; every
 * other file's header is sharp's to read. A header that cannot be read is a `corrupt` problem.
 */
async function readHeader(input: Uint8Array, format: string): Promise<Header | PhotoProblem> {
  const bare = format === 'jpeg' ? bareJpegSize(input) : undefined;
  if (bare) return { stored: bare, upright: bare, bare: true };
  try {
    // The limit is judged by the caller, by the rules, so that a bomb gets its own problem code.
    const header = await sharp(input, { limitInputPixels: false }).metadata();
    if (header.format !== format)
      return { code: 'corrupt', detail: `starts like ${format} but decodes as ${header.format}` };
    return {
      stored: { width: header.width, height: header.height },
      upright: header.autoOrient,
      ...(header.orientation !== undefined && { orientation: header.orientation }),
      bare: false,
    };
  } catch (error) {
    return { code: 'corrupt', detail: `unreadable header: ${firstLine(error)}` };
  }
}

/**
 * Libjpeg can decode a JPEG at 1/2, 1/4 or 1/8 of its size (shrink-on-load), many times faster than at full
 * size; sharp uses it only when the resize asked for is at least 3, 5 or 9 times smaller (it keeps a margin
 * for libjpeg's rounding). A 4000×3000 photo brought to the target 1600×1200 (2.5 times) would be decoded at
 * full size, the slowest step of the check; 3 times (1333×1000) lets it decode at 1/2. So a JPEG is shrunk a
 * little more than the pixel target asks, at most MAX_EXTRA_SHRINK times more and never below
 * `outputMinLongSidePx`: the long side the contract keeps legible.
 */
const SHRINK_ON_LOAD_STEPS = [3, 5, 9] as const;
const MAX_EXTRA_SHRINK = 1.25;

/** How many times smaller than the upright input the pixels to measure and encode are decoded. */
function outputShrink(
  format: string,
  inputPixels: number,
  inputLongSidePx: number,
  rules: PhotoRules,
): number {
  const pixelBudget =
    format === 'png' && inputPixels <= PNG_NATIVE_PIXEL_SHARE * rules.outputTargetPixels
      ? inputPixels
      : rules.outputTargetPixels;
  const shrink = Math.max(1, Math.sqrt(inputPixels / pixelBudget));
  if (format !== 'jpeg') return shrink;
  const step = SHRINK_ON_LOAD_STEPS.find((s) => s >= shrink);
  if (step === undefined || jpegLoadShrink(step) <= jpegLoadShrink(shrink)) return shrink;
  if (step > shrink * MAX_EXTRA_SHRINK || inputLongSidePx / step < rules.outputMinLongSidePx) return shrink;
  return step;
}

/** The factor sharp 0.35 has libjpeg decode at for a resize `shrink` times smaller (src/pipeline.cc). */
function jpegLoadShrink(shrink: number): number {
  const factor = shrink >= 8 ? 8 : shrink >= 4 ? 4 : shrink >= 2 ? 2 : 1;
  return factor > 1 && Math.floor(shrink) === factor ? factor / 2 : factor;
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'error';
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
