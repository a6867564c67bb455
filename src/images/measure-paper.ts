import type { GreyImage } from './grey-image.js';

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

/** Side of the blocks the picture is cut into: about half a line of small print on the ~1000 px copy. */
const BLOCK_PX = 8;
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
  const { width, height, data } = image;
  const cols = Math.floor(width / BLOCK_PX);
  const rows = Math.floor(height / BLOCK_PX);
  const lows = new Uint8Array(cols * rows).fill(255);
  const highs = new Uint8Array(cols * rows);
  for (let y = 0; y < rows * BLOCK_PX; y++) {
    const blockRow = ((y / BLOCK_PX) | 0) * cols;
    for (let col = 0, i = y * width; col < cols; col++) {
      let low = lows[blockRow + col] as number;
      let high = highs[blockRow + col] as number;
      for (const end = i + BLOCK_PX; i < end; i++) {
        const v = data[i] as number;
        if (v < low) low = v;
        if (v > high) high = v;
      }
      lows[blockRow + col] = low;
      highs[blockRow + col] = high;
    }
  }
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
