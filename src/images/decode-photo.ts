import sharp, { type Sharp } from 'sharp';

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
 * The photo's one decode. Everything after works on its result: the analysis copy (analysisCopy) samples these
 * raw pixels and the quality search only re-encodes them; re-running the pipeline from the file for each try is
 * three times slower (shared/perf-notes.md). Decoding straight to the output size lets libjpeg shrink on load
 * (when the size allows it, see check-photo.ts), so a 4000×3000 phone photo is never materialised at full size.
 *
 * Throws sharp's error for a corrupt or truncated file (failOn 'warning', sharp's advice for untrusted input:
 * a JPEG whose entropy data is damaged decodes with grey garbage blocks and only a warning).
 */
export async function decodePhoto(input: Uint8Array, options: DecodeOptions): Promise<RawPhoto> {
  const { data, info } = await sharp(input, {
    failOn: 'warning',
    limitInputPixels: options.maxInputPixels,
    autoOrient: true,
    // Colour management of an embedded profile (iPhones embed Display P3) more than doubles the check of a
    // 12-megapixel photo (perf-notes: +170 ms). Read as sRGB, a P3 photo comes out a little less saturated:
    // nothing that matters for reading a document, and the output carries no profile either way.
    ignoreIcc: true,
  })
    // Catmull-Rom ('cubic') rather than sharp's default Lanczos-3: what is left after libjpeg's shrink-on-load is
    // a small reduction (1.5 times for a 12-megapixel photo), where the two look alike on print, and the shorter
    // kernel took 8–9 ms off a 4000×3000 check (of ~60 ms for this decode). Every calibration verdict the same.
    .resize({ width: options.width, height: options.height, fit: 'fill', kernel: 'cubic' })
    .flatten({ background: '#ffffff' })
    // One layout for every input (grey, palette, 16-bit, CMYK): 8-bit sRGB.
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 3)
    throw new Error(`expected 3 channels after conversion to sRGB, got ${info.channels}`);
  return { data, width: info.width, height: info.height, channels: 3 };
}

/** A sharp pipeline over already-decoded pixels: resizing or encoding it decodes nothing. */
export function fromRaw(raw: RawPhoto): Sharp {
  return sharp(raw.data, { raw: { width: raw.width, height: raw.height, channels: raw.channels } });
}
