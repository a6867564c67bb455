import sharp, { type Sharp } from 'sharp';
import type { GreyImage } from './grey-image.js';

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
  /** Long side of the greyscale analysis copy. */
  readonly analysisLongSidePx: number;
  readonly maxInputPixels: number;
}

/**
 * The photo's one decode. Everything after works on its result: the analysis copy is a resize of these raw
 * pixels and the quality search only re-encodes them; re-running the pipeline from the file for each try is
 * three times slower (shared/perf-notes.md). Decoding straight to the output size lets libjpeg shrink on load,
 * so a 4000×3000 phone photo is never materialised at full size.
 *
 * Throws sharp's error for a corrupt or truncated file (failOn 'warning', sharp's advice for untrusted input:
 * a JPEG whose entropy data is damaged decodes with grey garbage blocks and only a warning).
 */
export async function decodePhoto(
  input: Uint8Array,
  options: DecodeOptions,
): Promise<{ raw: RawPhoto; grey: GreyImage }> {
  const { data, info } = await sharp(input, {
    failOn: 'warning',
    limitInputPixels: options.maxInputPixels,
    autoOrient: true,
    // Colour management of an embedded profile (iPhones embed Display P3) more than doubles the check of a
    // 12-megapixel photo (perf-notes: +170 ms). Read as sRGB, a P3 photo comes out a little less saturated:
    // nothing that matters for reading a document, and the output carries no profile either way.
    ignoreIcc: true,
  })
    .resize({ width: options.width, height: options.height, fit: 'fill' })
    .flatten({ background: '#ffffff' })
    // One layout for every input (grey, palette, 16-bit, CMYK): 8-bit sRGB.
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 3)
    throw new Error(`expected 3 channels after conversion to sRGB, got ${info.channels}`);
  const raw: RawPhoto = { data, width: info.width, height: info.height, channels: 3 };
  return { raw, grey: await toAnalysisCopy(raw, options.analysisLongSidePx) };
}

/**
 * The ~1000 px greyscale copy every measurement works on. sharp resizes the colour pixels; the grey conversion
 * is a Rec. 601 luma sum in JS, because libvips's colourimetric conversion to b-w costs more than the resize.
 */
async function toAnalysisCopy(raw: RawPhoto, longSidePx: number): Promise<GreyImage> {
  const { data, info } = await fromRaw(raw)
    .resize({ width: longSidePx, height: longSidePx, fit: 'inside', withoutEnlargement: true })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const grey = new Uint8Array(info.width * info.height);
  for (let i = 0, j = 0; i < grey.length; i++, j += 3)
    grey[i] = ((data[j] as number) * 77 + (data[j + 1] as number) * 150 + (data[j + 2] as number) * 29) >> 8;
  return { width: info.width, height: info.height, data: grey };
}

/** A sharp pipeline over already-decoded pixels: resizing or encoding it decodes nothing. */
export function fromRaw(raw: RawPhoto): Sharp {
  return sharp(raw.data, { raw: { width: raw.width, height: raw.height, channels: raw.channels } });
}
