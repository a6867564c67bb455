import sharp, { type ResizeOptions, type Sharp } from 'sharp';
import type { GreyImage } from './grey-image.js';
import { mergeLevelTallies } from './measure-exposure.js';

/** Decoded, upright pixels at the output's size, alpha flattened onto white: what every encode starts from. */
export interface RawPhoto {
  readonly data: Buffer;
  readonly width: number;
  readonly height: number;
  readonly channels: 3;
}

export interface DecodeOptions {
  /** Upright size to decode to (never larger than the input). */
  readonly width: number;
  readonly height: number;
  readonly maxInputPixels: number;
}

/**
 * The photo's one decode. Everything after works on its result: the analysis copy (toAnalysisCopy) is a resize
 * of these raw pixels and the quality search only re-encodes them; re-running the pipeline from the file for each try is
 * three times slower (shared/perf-notes.md). Decoding straight to the output size lets libjpeg shrink on load
 * (when the size allows it, see check-photo.ts), so a 4000×3000 phone photo is never materialised at full size.
 *
 * Throws sharp's error for a corrupt or truncated file (failOn 'warning', sharp's advice for untrusted input:
 * a JPEG whose entropy data is damaged decodes with grey garbage blocks and only a warning).
 */
export async function decodePhoto(input: Uint8Array, options: DecodeOptions): Promise<RawPhoto> {
  return decodeToSrgb(input, options.maxInputPixels, {
    width: options.width,
    height: options.height,
    fit: 'fill',
  });
}

/**
 * Only the analysis copy, decoded straight at its size (resized as toAnalysisCopy does): for a file that will
 * be kept as it is (see isBareJpeg), so no pixels at the output's size are needed. Throws as decodePhoto does.
 */
export async function decodeAnalysisCopy(
  input: Uint8Array,
  options: { readonly analysisLongSidePx: number; readonly maxInputPixels: number },
): Promise<GreyImage> {
  const side = options.analysisLongSidePx;
  const raw = await decodeToSrgb(input, options.maxInputPixels, {
    width: side,
    height: side,
    fit: 'inside',
    withoutEnlargement: true,
    kernel: 'linear',
  });
  return toGrey(raw.data, raw.width, raw.height);
}

async function decodeToSrgb(
  input: Uint8Array,
  maxInputPixels: number,
  resize: ResizeOptions,
): Promise<RawPhoto> {
  const { data, info } = await sharp(input, {
    failOn: 'warning',
    limitInputPixels: maxInputPixels,
    autoOrient: true,
    // Colour management of an embedded profile (iPhones embed Display P3) more than doubles the check of a
    // 12-megapixel photo (perf-notes: +170 ms). Read as sRGB, a P3 photo comes out a little less saturated:
    // nothing that matters for reading a document, and the output carries no profile either way.
    ignoreIcc: true,
  })
    .resize(resize)
    .flatten({ background: '#ffffff' })
    // One layout for every input (grey, palette, 16-bit, CMYK): 8-bit sRGB.
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 3)
    throw new Error(`expected 3 channels after conversion to sRGB, got ${info.channels}`);
  return { data, width: info.width, height: info.height, channels: 3 };
}

/**
 * The ~1000 px greyscale copy every measurement works on. sharp resizes the colour pixels; the grey conversion
 * is a Rec. 601 luma sum in JS, because libvips's colourimetric conversion to b-w costs more than the resize.
 * The resize is linear (a triangle filter as wide as the reduction), not sharp's default Lanczos: a third of
 * the resize's cost less, and every verdict of the calibration set is the same (measurements are on this copy
 * only; the normalised file keeps Lanczos). Resizing a grey copy instead would need sharp to convert colour
 * spaces on the way, which costs more than the two bands saved, and a JS resampler was slower still.
 */
export async function toAnalysisCopy(raw: RawPhoto, longSidePx: number): Promise<GreyImage> {
  const { data, info } = await fromRaw(raw)
    .resize({
      width: longSidePx,
      height: longSidePx,
      fit: 'inside',
      withoutEnlargement: true,
      kernel: 'linear',
    })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return toGrey(data, info.width, info.height);
}

/**
 * Rec. 601 luma, four pixels a step, counting the levels on the way (see GreyImage.histogram) in four
 * interleaved tallies, as countLevels does.
 */
function toGrey(rgbBuffer: Buffer, width: number, height: number): GreyImage {
  const rgb = new Uint8Array(rgbBuffer.buffer, rgbBuffer.byteOffset, rgbBuffer.length);
  const pixels = width * height;
  const grey = new Uint8Array(pixels);
  const tallies = new Uint32Array(4 * 256);
  const luma = (j: number) =>
    ((rgb[j] as number) * 77 + (rgb[j + 1] as number) * 150 + (rgb[j + 2] as number) * 29) >> 8;
  const whole = pixels - (pixels % 4);
  let i = 0;
  for (let j = 0; i < whole; i += 4, j += 12) {
    const a = luma(j);
    const b = luma(j + 3);
    const c = luma(j + 6);
    const d = luma(j + 9);
    grey[i] = a;
    grey[i + 1] = b;
    grey[i + 2] = c;
    grey[i + 3] = d;
    tallies[a] = (tallies[a] as number) + 1;
    tallies[256 + b] = (tallies[256 + b] as number) + 1;
    tallies[512 + c] = (tallies[512 + c] as number) + 1;
    tallies[768 + d] = (tallies[768 + d] as number) + 1;
  }
  for (; i < pixels; i++) {
    const v = luma(3 * i);
    grey[i] = v;
    tallies[v] = (tallies[v] as number) + 1;
  }
  return { width, height, data: grey, histogram: mergeLevelTallies(tallies) };
}

/** A sharp pipeline over already-decoded pixels: resizing or encoding it decodes nothing. */
export function fromRaw(raw: RawPhoto): Sharp {
  return sharp(raw.data, { raw: { width: raw.width, height: raw.height, channels: raw.channels } });
}
