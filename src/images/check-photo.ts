import sharp, { type Metadata } from 'sharp';
import { judgeContent, judgeDimensions, judgeFormat, judgePixelCount } from '../domain/photo/judge-photo.js';
import type { PhotoProblem } from '../domain/photo/photo-problem.js';
import type { PhotoRules } from '../domain/photo/photo-rules.js';
import type { NormalisedPhotoInfo, PhotoMeasurements, PhotoVerdict } from '../domain/photo/photo-verdict.js';
import { decodePhoto } from './decode-photo.js';
import { encodeNormalisedPhoto } from './encode-normalised-photo.js';
import { measureExposure } from './measure-exposure.js';
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

  let header: Metadata;
  try {
    // The limit is judged below, by the rules, so that a bomb gets its own problem code.
    header = await sharp(input, { limitInputPixels: false }).metadata();
  } catch (error) {
    return refuse([{ code: 'corrupt', detail: `unreadable header: ${firstLine(error)}` }]);
  }
  if (header.format !== format)
    return refuse([{ code: 'corrupt', detail: `starts like ${format} but decodes as ${header.format}` }]);
  const upright = header.autoOrient;
  measurements = {
    ...measurements,
    width: upright.width,
    height: upright.height,
    ...(header.orientation !== undefined && { exifOrientation: header.orientation }),
  };
  const sizeProblem =
    judgePixelCount(header.width, header.height, rules) ??
    judgeDimensions(upright.width, upright.height, rules);
  if (sizeProblem) return refuse([sizeProblem]);

  const inputPixels = upright.width * upright.height;
  const pixelBudget =
    format === 'png' && inputPixels <= PNG_NATIVE_PIXEL_SHARE * rules.outputTargetPixels
      ? inputPixels
      : rules.outputTargetPixels;
  const scale = Math.min(1, Math.sqrt(pixelBudget / inputPixels));
  let decoded: Awaited<ReturnType<typeof decodePhoto>>;
  try {
    decoded = await decodePhoto(input, {
      width: Math.max(1, Math.round(upright.width * scale)),
      height: Math.max(1, Math.round(upright.height * scale)),
      analysisLongSidePx: rules.analysisLongSidePx,
      maxInputPixels: rules.maxInputPixels,
    });
  } catch (error) {
    return refuse([{ code: 'corrupt', detail: firstLine(error) }]);
  }

  const exposure = measureExposure(decoded.grey);
  const sharpness = measureSharpness(decoded.grey, exposure.paperLevel - exposure.inkLevel);
  const orientation = measureTextOrientation(decoded.grey, exposure.paperLevel);
  measurements = {
    ...measurements,
    meanLevel: round(exposure.meanLevel, 1),
    inkLevel: exposure.inkLevel,
    paperLevel: exposure.paperLevel,
    edgeWidthPx: sharpness.edgeWidthPx,
    textOrientationRatio: round(orientation.verticalToHorizontal, 3),
    inkFraction: round(orientation.inkFraction, 4),
  };
  const contentProblems = judgeContent(
    {
      paperLevel: exposure.paperLevel,
      inkLevel: exposure.inkLevel,
      edgeWidthPx: sharpness.edgeWidthPx,
      textOrientationRatio: orientation.verticalToHorizontal,
      inkFraction: orientation.inkFraction,
    },
    rules,
  );
  if (contentProblems.length > 0) return refuse(contentProblems);
  if (options.normalise === false) return { ok: true, problems: [], measurements };

  const encoded = await encodeNormalisedPhoto(decoded.raw, rules, {
    preferPng: format === 'png',
    inputLongSidePx: Math.max(upright.width, upright.height),
    ...(format === 'jpeg' && { inputJpegBytesPerPixel: input.length / inputPixels }),
  });
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

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'error';
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
