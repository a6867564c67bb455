import type { GreyImage } from './grey-image.js';

/** How crisp the edges of a picture are. */
export interface Sharpness {
  /**
   * Median width in pixels (of the ~1000 px copy) over which an edge climbs from one side to the other, in the
   * worse of the two directions; `null` when the picture has no edges at all. About 1–2 px in focus.
   */
  readonly edgeWidthPx: number | null;
  readonly edgeCount: number;
}

/** Edges are followed this far at most; anything wider is simply "very blurred". */
const MAX_WIDTH_PX = 16;
/** Steps weaker than this share of the ink-to-paper contrast (or 24 levels) are texture, not edges. */
const MIN_STEP_SHARE = 0.25;
const MIN_STEP_LEVELS = 24;
const BINS_PER_PX = 4;
/**
 * Every eighth line is enough: a median over thousands of edges barely moves (a quarter of a pixel at most on the
 * calibration set, against every fourth line; sharp pages measure at most 2.25 px, blurred ones at least 4.25, the
 * set's margins around the limit of 3), and it is an eighth of the work (the measurement is on every photo's
 * critical path).
 */
const LINE_STEP = 8;

/**
 * Measures focus as edge width (after Marziliano et al., "A no-reference perceptual blur metric", 2002): at
 * each steepest point of an edge, follow the slope both ways while it keeps climbing; the edge's width is its
 * total rise divided by its steepest one-pixel step. A focused edge rises in one or two pixels; a blurred one
 * spreads over σ√(2π).
 *
 * Why this and not the variance of a Laplacian or a gradient energy: those sum every pixel's response, so
 * sensor noise added after the blur reads as detail, and their scale depends on contrast and on how much of
 * the frame is text, so a selfie with an ID card scores like a blurred page. A width is in pixels whatever the
 * lighting or content. Each direction is measured apart and the worse one counts: a shaking hand smears one
 * direction only.
 */
export function measureSharpness(image: GreyImage, contrast: number): Sharpness {
  const { data, width, height } = image;
  const minStep = Math.max(MIN_STEP_LEVELS, MIN_STEP_SHARE * contrast);
  const alongX = edgeWidthsAlongRows(data, width, height, LINE_STEP, minStep);
  // Columns become rows: walking contiguous memory is several times faster than striding down columns.
  const columns = sampledColumnsAsRows(image);
  const alongY = edgeWidthsAlongRows(columns, height, columns.length / height, 1, minStep);
  const widths = [median(alongX), median(alongY)].filter((w): w is number => w !== null);
  return {
    edgeWidthPx: widths.length === 0 ? null : Math.max(...widths),
    edgeCount: count(alongX) + count(alongY),
  };
}

/**
 * Histogram (in 1/BINS_PER_PX px bins) of the widths of the edges met walking along every `rowStep`-th row.
 *
 * The hottest loop of the check (every LINE_STEP-th line of every photo, both ways): the four levels around the
 * current step slide along in locals instead of being read again, and the walk is written out per direction,
 * so the common case (no steep step here) costs one load and two compares.
 */
function edgeWidthsAlongRows(
  data: Uint8Array,
  width: number,
  height: number,
  rowStep: number,
  minStep: number,
): Uint32Array {
  const histogram = new Uint32Array(MAX_WIDTH_PX * BINS_PER_PX + 1);
  if (width < 4) return histogram;
  for (let row = 0; row < height; row += rowStep) {
    const first = row * width;
    const last = first + width - 1;
    // Levels at i - 1, i, i + 1 and i + 2, shifted in at the top of each step.
    let left = 0;
    let here = data[first] as number;
    let right = data[first + 1] as number;
    let further = data[first + 2] as number;
    for (let i = first + 1; i < last - 1; i++) {
      left = here;
      here = right;
      right = further;
      further = data[i + 2] as number;
      const rise = right - here;
      if (rise < 4 && rise > -4) continue;
      const steep = rise < 0 ? -rise : rise;
      const before = here - left;
      const after = further - right;
      if (steep < (before < 0 ? -before : before) || steep <= (after < 0 ? -after : after)) continue;
      let start = i;
      let end = i + 1;
      let total: number;
      if (rise > 0) {
        const floor = i - MAX_WIDTH_PX;
        while (start > first && start > floor && (data[start] as number) >= (data[start - 1] as number))
          start--;
        const ceiling = i + MAX_WIDTH_PX;
        while (end < last && end < ceiling && (data[end + 1] as number) >= (data[end] as number)) end++;
        total = (data[end] as number) - (data[start] as number);
      } else {
        const floor = i - MAX_WIDTH_PX;
        while (start > first && start > floor && (data[start] as number) <= (data[start - 1] as number))
          start--;
        const ceiling = i + MAX_WIDTH_PX;
        while (end < last && end < ceiling && (data[end + 1] as number) <= (data[end] as number)) end++;
        total = (data[start] as number) - (data[end] as number);
      }
      if (total < minStep) continue;
      const bin = Math.round(Math.min(MAX_WIDTH_PX, total / steep) * BINS_PER_PX);
      histogram[bin] = (histogram[bin] as number) + 1;
    }
  }
  return histogram;
}

/**
 * Columns 0, LINE_STEP, 2·LINE_STEP… of the image, each laid out as a row. Copied in tiles of TILE rows so
 * that the scattered writes stay within a few cache lines per output row.
 */
function sampledColumnsAsRows(image: GreyImage): Uint8Array {
  const { width, height, data } = image;
  const columns = Math.ceil(width / LINE_STEP);
  const out = new Uint8Array(columns * height);
  const TILE = 32;
  for (let top = 0; top < height; top += TILE) {
    const bottom = Math.min(height, top + TILE);
    for (let c = 0; c < columns; c++) {
      const x = c * LINE_STEP;
      for (let y = top, o = c * height + top; y < bottom; y++, o++) out[o] = data[y * width + x] as number;
    }
  }
  return out;
}

function count(histogram: Uint32Array): number {
  let total = 0;
  for (let i = 0; i < histogram.length; i++) total += histogram[i] as number;
  return total;
}

function median(histogram: Uint32Array): number | null {
  const total = count(histogram);
  if (total === 0) return null;
  let seen = 0;
  for (let bin = 0; bin < histogram.length; bin++) {
    seen += histogram[bin] as number;
    if (seen * 2 >= total) return bin / BINS_PER_PX;
  }
  return MAX_WIDTH_PX;
}
