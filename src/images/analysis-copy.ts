import type { RawPhoto } from './decode-photo.js';
import { BLOCK_PX, BLOCK_SHIFT, type GreyImage } from './grey-image.js';
import { mergeLevelTallies } from './measure-exposure.js';

/**
 * The ~`longSidePx` greyscale copy every measurement works on, taken from the decoded pixels by sampling: each
 * copy pixel is the Rec. 601 luma of the decoded pixel under its centre (nearest neighbour), computed in the
 * same pass, which also counts the levels (see GreyImage.histogram) and takes each block's extremes (see
 * GreyImage.blockExtremes: measurePaper's largest cost, ~1.2 ms of a Telegram photo's check, when it read the
 * copy again for them; here they cost about half that).
 *
 * Why sampling rather than a resampling filter: the decoded pixels are already at the output's size, at most
 * a few tenths larger than the copy for a camera photo (a 12-megapixel JPEG is decoded at 1333×1000, a Telegram
 * photo at 1280×960), and a filtered resize through sharp plus the grey conversion took some 8 ms of a Telegram
 * photo's 25 ms check, where this pass takes under 3. Unfiltered, the copy keeps edges as steep and ink as dark
 * as the decoded pixels have them: on the calibration set (test/images) edge widths read up to 0.75 px narrower
 * on sharp pages (at most 2.25 px either way) and more on blurred ones (still at least 4.25, the limit is 3),
 * and the 2nd-percentile ink level reads darker (accepted pages at most 145 instead of 159, washed-out ones
 * still at least 198, the limit is 165). Every verdict is the same (print-verdicts.ts before and after).
 */
export function analysisCopy(raw: RawPhoto, longSidePx: number): GreyImage {
  const shrink = Math.max(1, Math.max(raw.width, raw.height) / longSidePx);
  const width = Math.max(1, Math.round(raw.width / shrink));
  const height = Math.max(1, Math.round(raw.height / shrink));
  // Byte offset, in a decoded row, of the pixel under each copy column's centre.
  const columns = new Int32Array(width);
  for (let x = 0; x < width; x++) columns[x] = 3 * sourceIndex(x, width, raw.width);
  const rgb = raw.data;
  const grey = new Uint8Array(width * height);
  // Four interleaved tallies, as countLevels keeps them: neighbours on a page mostly share a level.
  const tallies = new Uint32Array(4 * 256);
  // The extremes of each whole BLOCK_PX block, for measurePaper, taken while the levels are at hand.
  const blocksWide = Math.floor(width / BLOCK_PX);
  const blocksHigh = Math.floor(height / BLOCK_PX);
  const lows = new Uint8Array(blocksWide * blocksHigh).fill(255);
  const highs = new Uint8Array(blocksWide * blocksHigh);
  const quads = width - (width % 4);
  for (let y = 0, i = 0; y < height; y++) {
    const row = 3 * raw.width * sourceIndex(y, height, raw.height);
    // Quads left of here lie in whole blocks (none on a last partial row of blocks).
    const blockedWidth = y < blocksHigh * BLOCK_PX ? blocksWide * BLOCK_PX : 0;
    const blockRow = (y >> BLOCK_SHIFT) * blocksWide;
    let x = 0;
    for (; x < quads; x += 4, i += 4) {
      const a = luma(rgb, row + (columns[x] as number));
      const b = luma(rgb, row + (columns[x + 1] as number));
      const c = luma(rgb, row + (columns[x + 2] as number));
      const d = luma(rgb, row + (columns[x + 3] as number));
      grey[i] = a;
      grey[i + 1] = b;
      grey[i + 2] = c;
      grey[i + 3] = d;
      tallies[a] = (tallies[a] as number) + 1;
      tallies[256 + b] = (tallies[256 + b] as number) + 1;
      tallies[512 + c] = (tallies[512 + c] as number) + 1;
      tallies[768 + d] = (tallies[768 + d] as number) + 1;
      if (x < blockedWidth) {
        // Branch-free (print makes the comparisons unpredictable): (n >> 31) is −1 when n < 0, else 0.
        const block = blockRow + (x >> BLOCK_SHIFT);
        const low = lows[block] as number;
        const lowAB = a + ((b - a) & ((b - a) >> 31));
        const lowCD = c + ((d - c) & ((d - c) >> 31));
        const lowQuad = lowAB + ((lowCD - lowAB) & ((lowCD - lowAB) >> 31));
        lows[block] = low + ((lowQuad - low) & ((lowQuad - low) >> 31));
        const high = highs[block] as number;
        const highAB = a - ((a - b) & ((a - b) >> 31));
        const highCD = c - ((c - d) & ((c - d) >> 31));
        const highQuad = highAB - ((highAB - highCD) & ((highAB - highCD) >> 31));
        highs[block] = high - ((high - highQuad) & ((high - highQuad) >> 31));
      }
    }
    for (; x < width; x++, i++) {
      const v = luma(rgb, row + (columns[x] as number));
      grey[i] = v;
      tallies[v] = (tallies[v] as number) + 1;
    }
  }
  return {
    width,
    height,
    data: grey,
    histogram: mergeLevelTallies(tallies),
    blockExtremes: { blocksWide, blocksHigh, lows, highs },
  };
}

/** The decoded pixel (0…`of` − 1) under the centre of copy pixel `at` of `count`. */
function sourceIndex(at: number, count: number, of: number): number {
  return Math.min(of - 1, Math.floor(((at + 0.5) * of) / count));
}

/** Rec. 601 luma in integers (weights out of 256), as the measurements were calibrated with. */
function luma(rgb: Uint8Array, at: number): number {
  return ((rgb[at] as number) * 77 + (rgb[at + 1] as number) * 150 + (rgb[at + 2] as number) * 29) >> 8;
}
