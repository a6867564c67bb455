import { BLOCK_PX, type BlockExtremes, type GreyImage } from './grey-image.js';

/** What the paper under the text shows, as opposed to the whole frame (a lamp, a desk, a white table). */
export interface PaperLight {
  /**
   * Median, over the blocks that hold print, of each block's brightest level: the paper right around the
   * text. `null` when too few blocks hold print to say.
   */
  readonly level: number | null;
  /**
   * Side in pixels (of the ~1000 px copy) of the largest square inside the printed area that is blown out
   * everywhere (every pixel at or above `clipLevel`, so no ink is left in it); 0 when there is none, or when
   * the paper around the text is itself blown out (a scan's pure-white page), where blank white is normal.
   */
  readonly blownOutSidePx: number;
}

/** A block holds print when its levels span at least this share of its brightest level, and this many levels. */
const PRINT_RANGE_SHARE = 0.3;
const PRINT_RANGE_MIN = 12;
/** Fewer blocks with print than this, and there is no document to judge. */
const MIN_PRINT_BLOCKS = 16;
/**
 * The printed area is the box between these quantiles of the print blocks' positions, so that a few strong
 * edges off the page (a lamp's rim, a desk's edge) do not stretch it to the whole frame.
 */
const AREA_QUANTILE = 0.02;

/**
 * Judges the paper, not the frame. A lamp in a dark room lifts the frame's brightest levels but not the paper
 * beside the print; a flash's reflection on a glossy page erases print over a patch that the rest of the text
 * surrounds. Blocks with print (a strong local spread of levels, relative to the block's own brightness, so dim
 * print in a dark room still counts) say where the document is and how lit its paper is. Inside the box they
 * span, a blank blown-out square is where print should be and cannot be read: a small clipped glint, thin gaps
 * between paragraphs, blank margins and a white table outside the print are all smaller or outside.
 */
export function measurePaper(image: GreyImage, clipLevel: number): PaperLight {
  const extremes = image.blockExtremes ?? blockExtremesOf(image);
  const { lows, highs } = extremes;
  const cols = extremes.blocksWide;
  const rows = extremes.blocksHigh;
  // Histograms of the print blocks' brightest levels, columns and rows: quantiles without sorting.
  const printHighs = new Uint32Array(256);
  const printCols = new Uint32Array(cols);
  const printRows = new Uint32Array(rows);
  let printBlocks = 0;
  for (let b = 0; b < lows.length; b++) {
    const high = highs[b] as number;
    const range = high - (lows[b] as number);
    if (range < PRINT_RANGE_MIN || range < PRINT_RANGE_SHARE * high) continue;
    printBlocks++;
    printHighs[high] = (printHighs[high] as number) + 1;
    const col = b % cols;
    const row = (b / cols) | 0;
    printCols[col] = (printCols[col] as number) + 1;
    printRows[row] = (printRows[row] as number) + 1;
  }
  if (printBlocks < MIN_PRINT_BLOCKS) return { level: null, blownOutSidePx: 0 };
  const level = quantile(printHighs, printBlocks, 0.5);
  if (level >= clipLevel) return { level, blownOutSidePx: 0 };
  const area = {
    left: quantile(printCols, printBlocks, AREA_QUANTILE),
    right: quantile(printCols, printBlocks, 1 - AREA_QUANTILE),
    top: quantile(printRows, printBlocks, AREA_QUANTILE),
    bottom: quantile(printRows, printBlocks, 1 - AREA_QUANTILE),
  };
  return { level, blownOutSidePx: largestBlownOutSquare(lows, cols, area, clipLevel) * BLOCK_PX };
}

/**
 * The extremes of each whole block, for an image that does not carry them (analysisCopy takes them on its way).
 * A block at a time, its rows in turn (they stay in cache), so its extremes stay in registers; branch-free, print
 * making the comparisons unpredictable: (d >> 31) is −1 when d < 0, else 0.
 */
export function blockExtremesOf(image: GreyImage): BlockExtremes {
  const { width, height, data } = image;
  const blocksWide = Math.floor(width / BLOCK_PX);
  const blocksHigh = Math.floor(height / BLOCK_PX);
  const lows = new Uint8Array(blocksWide * blocksHigh);
  const highs = new Uint8Array(blocksWide * blocksHigh);
  for (let row = 0, b = 0; row < blocksHigh; row++) {
    for (let col = 0; col < blocksWide; col++, b++) {
      let low = 255;
      let high = 0;
      for (let y = 0, i = row * BLOCK_PX * width + col * BLOCK_PX; y < BLOCK_PX; y++, i += width - BLOCK_PX) {
        for (const end = i + BLOCK_PX; i < end; i++) {
          const v = data[i] as number;
          const below = v - low;
          low += below & (below >> 31);
          const above = high - v;
          high -= above & (above >> 31);
        }
      }
      lows[b] = low;
      highs[b] = high;
    }
  }
  return { blocksWide, blocksHigh, lows, highs };
}

/** Largest square of blocks (in blocks) inside `area` whose darkest pixel is still clipped: dynamic programming. */
function largestBlownOutSquare(
  lows: Uint8Array,
  cols: number,
  area: { left: number; right: number; top: number; bottom: number },
  clipLevel: number,
): number {
  const span = area.right - area.left + 1;
  let previous = new Uint16Array(span);
  let current = new Uint16Array(span);
  let best = 0;
  for (let row = area.top; row <= area.bottom; row++) {
    for (let i = 0; i < span; i++) {
      if ((lows[row * cols + area.left + i] as number) < clipLevel) {
        current[i] = 0;
        continue;
      }
      const side =
        i === 0
          ? 1
          : 1 + Math.min(previous[i] as number, previous[i - 1] as number, current[i - 1] as number);
      current[i] = side;
      if (side > best) best = side;
    }
    [previous, current] = [current, previous];
  }
  return best;
}

/** The bin where the running count first reaches the share `q` of `total`. */
function quantile(histogram: Uint32Array, total: number, q: number): number {
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (let bin = 0; bin < histogram.length; bin++) {
    seen += histogram[bin] as number;
    if (seen >= rank) return bin;
  }
  return histogram.length - 1;
}
