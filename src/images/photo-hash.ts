import sharp from 'sharp';
import { DEFAULT_PHOTO_RULES } from '../domain/photo/photo-rules.js';

// 32×32 bits. A 9×8 (64-bit) dHash is the usual choice, but it sees only a document's outline: two different
// pages of print photographed the same way came out 0–5 bits apart, the same as a recompressed copy. At 32×32
// the lines of text count: a recompressed copy stays within ~7 % of the bits, different pages ≥ 11 %.
const HASH_WIDTH = 33;
const HASH_HEIGHT = 32;

export interface PhotoHashOptions {
  /** Refuse (throw) above this many pixels, as the checker does; default DEFAULT_PHOTO_RULES.maxInputPixels. */
  readonly maxInputPixels?: number;
}

/**
 * A 1024-bit difference hash (dHash) of the upright picture, as 256 hex digits: the picture shrunk to 33×32
 * grey levels, one bit per horizontally adjacent pair (is the left one brighter?). Recompressing, resizing or
 * re-sending a photo barely changes it; a different page changes many bits. Compare with hammingDistance.
 *
 * Throws sharp's error when the file is not a decodable image; check the photo first.
 */
export async function photoHash(input: Uint8Array, options: PhotoHashOptions = {}): Promise<string> {
  const { data } = await sharp(input, {
    autoOrient: true,
    limitInputPixels: options.maxInputPixels ?? DEFAULT_PHOTO_RULES.maxInputPixels,
  })
    .resize({ width: HASH_WIDTH, height: HASH_HEIGHT, fit: 'fill' })
    .flatten({ background: '#ffffff' })
    .greyscale()
    .raw()
    .toBuffer({ resolveWithObject: true });
  let hex = '';
  for (let y = 0; y < HASH_HEIGHT; y++) {
    for (let x = 0; x < HASH_WIDTH - 1; x += 4) {
      let nibble = 0;
      for (let k = 0; k < 4; k++) {
        const i = y * HASH_WIDTH + x + k;
        nibble = (nibble << 1) | ((data[i] as number) > (data[i + 1] as number) ? 1 : 0);
      }
      hex += nibble.toString(16);
    }
  }
  return hex;
}

/**
 * Number of differing bits between two hashes of the same length (0 = same picture; up to 4 bits a digit).
 *
 * Throws RangeError when the hashes are not hex strings of the same length.
 */
export function hammingDistance(a: string, b: string): number {
  if (a.length !== b.length || !/^[0-9a-f]*$/i.test(a) || !/^[0-9a-f]*$/i.test(b))
    throw new RangeError(`cannot compare hashes "${a}" and "${b}": expected hex strings of equal length`);
  let distance = 0;
  for (let i = 0; i < a.length; i++) {
    let diff = Number.parseInt(a[i] as string, 16) ^ Number.parseInt(b[i] as string, 16);
    while (diff) {
      distance += diff & 1;
      diff >>= 1;
    }
  }
  return distance;
}
