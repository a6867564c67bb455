import type { PhotoRules } from '../domain/photo/photo-rules.js';
import { fromRaw, type RawPhoto } from './decode-photo.js';

/** The normalised file: metadata-free, upright, within `rules.maxBytes`. */
export interface EncodedPhoto {
  readonly bytes: Uint8Array;
  readonly format: 'jpeg' | 'png';
  readonly width: number;
  readonly height: number;
  readonly quality?: number;
  /** How many encodes the search took, for the benchmark and the logs. */
  readonly tries: number;
}

export interface EncodeOptions {
  /** Try lossless PNG at the decoded size first (the input was a PNG, e.g. a screenshot). */
  readonly preferPng: boolean;
  /** Long side the input had; the output keeps `outputMinLongSidePx` only where the input reached it. */
  readonly inputLongSidePx: number;
}

/**
 * Size of a JPEG at quality q relative to the same picture at quality 90, averaged over document photos,
 * screenshots and scans (libjpeg-turbo, 4:2:0). Only the shape matters: the first encode rescales it.
 */
const RELATIVE_SIZE: readonly (readonly [quality: number, share: number])[] = [
  [20, 0.26],
  [30, 0.3],
  [40, 0.35],
  [50, 0.39],
  [60, 0.43],
  [70, 0.54],
  [80, 0.67],
  [85, 0.79],
  [90, 1],
  [95, 1.5],
  [100, 2.6],
];
/**
 * The size at quality 90 is predicted by encoding a sample: every SAMPLE_EVERY-th band of SAMPLE_BAND_ROWS
 * rows (a whole number of 4:2:0 MCUs), so the sample spans the page, the desk and the margins alike. The input
 * file's own bytes per pixel predict badly once the picture is shrunk: downscaling averages a phone's sensor
 * noise away (the output's bytes per pixel fell to 0.3–0.6 of the input's in the calibration set) but packs a
 * 300 dpi scan's detail closer (up to 1.8 times). A quarter-size encode costs a quarter of one full encode and
 * makes the first full encode land within the limit in one try on most photos.
 */
const SAMPLE_BAND_ROWS = 16;
const SAMPLE_EVERY = 4;
/** Aim a little under the limit so one re-encode usually lands inside it. */
const AIM_SHARE = 0.93;
/** A fitting result this close to the limit is good enough; searching on would gain a point of quality. */
const GOOD_ENOUGH_SHARE = 0.8;
const MAX_TRIES_PER_SIZE = 4;
/**
 * Standard Huffman tables rather than optimised ones: optimising takes a second pass over the coefficients,
 * which more than doubled the encode of a 1333×1000 photo (11 -> 5 ms), for files 5–10 % smaller, that is a
 * point or two of quality under the byte limit. Plain libjpeg-turbo, 4:2:0 (sharp's defaults otherwise): mozjpeg's
 * trellis search costs ten times a plain encode.
 */
const JPEG_CODING = { optimiseCoding: false, chromaSubsampling: '4:2:0' } as const;

/**
 * Encodes decoded pixels into a file of at most `rules.maxBytes`, keeping as much legibility as the budget
 * allows: lossless PNG when asked for and small enough; otherwise JPEG, lowering the quality from a predicted
 * starting point towards `jpegQualityFloor` before shrinking the picture, never shrinking below
 * `outputMinLongSidePx` while quality can still drop to `jpegQualityMin`. Shrinking below that is a last
 * resort for pathological noise, so the byte limit always holds.
 */
export async function encodeNormalisedPhoto(
  raw: RawPhoto,
  rules: PhotoRules,
  options: EncodeOptions,
): Promise<EncodedPhoto> {
  let tries = 0;
  if (options.preferPng) {
    tries++;
    const png = await fromRaw(raw).png().toBuffer();
    if (png.length <= rules.maxBytes)
      return { bytes: new Uint8Array(png), format: 'png', width: raw.width, height: raw.height, tries };
  }
  const floorLongSide = Math.min(rules.outputMinLongSidePx, options.inputLongSidePx);
  let size = fitPixels(raw, rules.outputTargetPixels);
  // Predicted bytes at quality 90 for the current size (bytes scale with pixels); corrected by every encode.
  let bytesAt90 = (await sampleBytesPerPixelAt90(raw)) * size.width * size.height;
  tries++;
  let lowest = rules.jpegQualityFloor;
  for (;;) {
    const found = await searchQuality(raw, size, lowest, rules, bytesAt90);
    tries += found.tries;
    if (found.fit) return { ...found.fit, tries };
    const atFloor = longSide(size) <= floorLongSide;
    if (atFloor && lowest > rules.jpegQualityMin) {
      lowest = rules.jpegQualityMin;
      continue;
    }
    // Bytes scale roughly with pixels: shrink by the overshoot at the lowest quality tried.
    const shrink = Math.min(0.9, Math.sqrt((AIM_SHARE * rules.maxBytes) / found.smallest.byteLength));
    const minLong = atFloor ? Math.max(64, Math.floor(longSide(size) * 0.5)) : floorLongSide;
    const next = scaleTo(size, Math.max(shrink, minLong / longSide(size)));
    if (longSide(next) >= longSide(size))
      throw new Error(`cannot encode within ${rules.maxBytes} bytes even at ${size.width}×${size.height}`);
    bytesAt90 = (found.smallest.byteLength / relativeSize(found.smallest.quality)) * pixelShare(next, size);
    size = next;
  }
}

/** Bytes per pixel at quality 90 of a sample of bands across the picture (see SAMPLE_BAND_ROWS). */
async function sampleBytesPerPixelAt90(raw: RawPhoto): Promise<number> {
  const rowBytes = raw.width * raw.channels;
  const bands = Math.floor(raw.height / (SAMPLE_BAND_ROWS * SAMPLE_EVERY));
  if (bands === 0) {
    const whole = await fromRaw(raw)
      .jpeg({ quality: 90, ...JPEG_CODING })
      .toBuffer();
    return whole.length / (raw.width * raw.height);
  }
  const data = Buffer.allocUnsafe(bands * SAMPLE_BAND_ROWS * rowBytes);
  for (let band = 0; band < bands; band++) {
    const from = band * SAMPLE_BAND_ROWS * SAMPLE_EVERY * rowBytes;
    raw.data.copy(data, band * SAMPLE_BAND_ROWS * rowBytes, from, from + SAMPLE_BAND_ROWS * rowBytes);
  }
  const sample = { data, width: raw.width, height: bands * SAMPLE_BAND_ROWS, channels: raw.channels };
  const bytes = await fromRaw(sample)
    .jpeg({ quality: 90, ...JPEG_CODING })
    .toBuffer();
  return bytes.length / (sample.width * sample.height);
}

interface Size {
  readonly width: number;
  readonly height: number;
}

interface Attempt {
  readonly bytes: Buffer;
  readonly byteLength: number;
  readonly quality: number;
}

/**
 * Finds a high quality in [lowest, jpegQualityMax] whose file fits, at one size. Each encode corrects the size
 * model; a bracket of the best fitting and the lowest failing quality keeps it from oscillating.
 */
async function searchQuality(
  raw: RawPhoto,
  size: Size,
  lowest: number,
  rules: PhotoRules,
  bytesAt90Guess: number,
): Promise<{ fit?: Omit<EncodedPhoto, 'tries'>; smallest: Attempt; tries: number }> {
  const resized = size.width === raw.width && size.height === raw.height ? raw : await resizeRaw(raw, size);
  let bytesAt90 = bytesAt90Guess;
  let best: Attempt | undefined;
  let smallest: Attempt | undefined;
  let failedAt = rules.jpegQualityMax + 1;
  let tries = 0;
  let quality = clamp(qualityFor(rules.maxBytes * AIM_SHARE, bytesAt90), lowest, rules.jpegQualityMax);
  while (tries < MAX_TRIES_PER_SIZE) {
    tries++;
    const bytes = await fromRaw(resized)
      .jpeg({ quality, ...JPEG_CODING })
      .toBuffer();
    const attempt = { bytes, byteLength: bytes.length, quality };
    if (!smallest || attempt.byteLength < smallest.byteLength) smallest = attempt;
    bytesAt90 = bytes.length / relativeSize(quality);
    if (bytes.length <= rules.maxBytes) {
      if (!best || quality > best.quality) best = attempt;
      if (bytes.length >= GOOD_ENOUGH_SHARE * rules.maxBytes || quality >= rules.jpegQualityMax) break;
    } else {
      failedAt = Math.min(failedAt, quality);
      if (quality <= lowest) break;
    }
    const floor = best ? best.quality + 1 : lowest;
    const next = clamp(qualityFor(rules.maxBytes * AIM_SHARE, bytesAt90), floor, failedAt - 1);
    if (next === quality || floor > failedAt - 1) break;
    quality = next;
  }
  const fit = best && {
    bytes: new Uint8Array(best.bytes),
    format: 'jpeg' as const,
    width: size.width,
    height: size.height,
    quality: best.quality,
  };
  return { ...(fit && { fit }), smallest: smallest as Attempt, tries };
}

async function resizeRaw(raw: RawPhoto, size: Size): Promise<RawPhoto> {
  const data = await fromRaw(raw)
    .resize({ width: size.width, height: size.height, fit: 'fill' })
    .raw()
    .toBuffer();
  return { data, width: size.width, height: size.height, channels: 3 };
}

/** The highest quality whose predicted size is within `budget`, interpolating RELATIVE_SIZE. */
function qualityFor(budget: number, bytesAt90: number): number {
  const share = budget / Math.max(1, bytesAt90);
  for (let i = RELATIVE_SIZE.length - 1; i > 0; i--) {
    const [q1, s1] = RELATIVE_SIZE[i] as readonly [number, number];
    const [q0, s0] = RELATIVE_SIZE[i - 1] as readonly [number, number];
    if (share >= s1) return q1;
    if (share >= s0) return Math.floor(q0 + ((share - s0) / (s1 - s0)) * (q1 - q0));
  }
  return RELATIVE_SIZE[0]?.[0] ?? 1;
}

function relativeSize(quality: number): number {
  for (let i = 1; i < RELATIVE_SIZE.length; i++) {
    const [q1, s1] = RELATIVE_SIZE[i] as readonly [number, number];
    const [q0, s0] = RELATIVE_SIZE[i - 1] as readonly [number, number];
    if (quality <= q1) return s0 + ((Math.max(quality, q0) - q0) / (q1 - q0)) * (s1 - s0);
  }
  return 1;
}

/** The size with about `pixels` pixels and the same aspect, never larger than the decoded picture. */
function fitPixels(raw: Size, pixels: number): Size {
  return scaleTo(raw, Math.min(1, Math.sqrt(pixels / (raw.width * raw.height))));
}

function scaleTo(size: Size, scale: number): Size {
  return {
    width: Math.max(1, Math.round(size.width * scale)),
    height: Math.max(1, Math.round(size.height * scale)),
  };
}

const longSide = (size: Size) => Math.max(size.width, size.height);
const pixelShare = (a: Size, b: Size) => (a.width * a.height) / (b.width * b.height);
const clamp = (value: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, value));
