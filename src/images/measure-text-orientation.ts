import type { GreyImage } from './grey-image.js';

/** What the layout of the ink says about which way the text runs. */
export interface TextOrientation {
  /**
   * How much more the ink's density changes across x than across y: below 1 when text lines run horizontally
   * (rows of glyphs separated by blank gaps), above 1 when they run vertically, near 1 for pictures without text.
   */
  readonly verticalToHorizontal: number;
  /** Share of pixels taken for ink: dark marks on a locally bright (paper-like) ground. */
  readonly inkFraction: number;
}

/**
 * Box radii in cells of the 2×2-pooled ink map (so 2–16 px of the ~1000 px copy), about half a line pitch: from
 * small print on a photographed A4 page (glyphs of ~7 px) to an ID card filling the frame (glyphs of ~50 px).
 */
const SCALES = [1, 2, 3, 4, 6, 8] as const;

/** A neighbourhood this bright relative to the paper level (95th percentile) is paper, not desk or shadow. */
const PAPER_SHARE = 0.75;
/** How much darker than its neighbourhood a pixel must be to be ink: a share of the local level, or 10 levels. */
const INK_DROP_SHARE = 0.12;
const INK_DROP_MIN = 10;
/** Radius of the neighbourhood, as a share of the long side: wider than a glyph, narrower than a margin. */
const NEIGHBOURHOOD_SHARE = 1 / 60;

/**
 * Judges from the pixels alone whether the text runs across or down: Telegram strips EXIF from photos, so a
 * page shot sideways arrives with upright-looking dimensions and nothing else to go on.
 *
 * Ink is a pixel clearly darker than its neighbourhood where that neighbourhood is paper-bright (so the desk
 * around a photographed page and the page's own edges do not count). The ink's density, averaged over boxes
 * of a few sizes, swings strongly from line to gap going down a page of text and only weakly along a line;
 * the ratio of the two directions' energy (geometric mean over the box sizes) says which way lines run. It is
 * local, so it survives a page a few degrees askew, unlike whole-image projection profiles; it cannot tell 90°
 * from 270°, so a sideways page is refused rather than turned.
 *
 * `paperLevel` is the picture's 95th-percentile grey level (measureExposure's paperLevel).
 */
export function measureTextOrientation(image: GreyImage, paperLevel: number): TextOrientation {
  const { sums, inked } = inkIntegral(image, paperLevel);
  const pixels = image.width * image.height;
  const inkFraction = pixels === 0 ? 0 : inked / pixels;
  const width = image.width >> 1;
  const height = image.height >> 1;
  const largest = SCALES[SCALES.length - 1] as number;
  if (inked === 0 || width < 4 * largest + 2 || height < 4 * largest + 2)
    return { verticalToHorizontal: 1, inkFraction };
  let logRatio = 0;
  for (const r of SCALES) {
    const { acrossX, acrossY } = densityEnergy(sums, width, height, r);
    logRatio += Math.log((acrossX + 1) / (acrossY + 1));
  }
  return { verticalToHorizontal: Math.exp(logRatio / SCALES.length), inkFraction };
}

/** Side of the blocks the neighbourhood level is computed on: it is smooth at glyph scale, so blocks suffice. */
const BLOCK_SHIFT = 2;
const BLOCK_PX = 1 << BLOCK_SHIFT;
/** Cells are 2×2 pixels, so a block is this shift of cells. */
const CELL_TO_BLOCK = BLOCK_SHIFT - 1;

/**
 * Finds the ink and, in the same pass, counts it per 2×2 cell (a quarter of the work for every scale, and the
 * scales are coarser anyway) straight into a summed-area table of those counts, with a zero first row and
 * column: any box sum in four lookups. `inked` counts every pixel, including an odd last row or column that
 * no cell holds. This runs over every pixel of every photo, so there is no full-size ink map in between.
 */
function inkIntegral(image: GreyImage, paperLevel: number): { sums: Int32Array; inked: number } {
  const { width, height, data } = image;
  const inkBelow = inkLimits(image, paperLevel);
  const blocksWide = Math.ceil(width / BLOCK_PX);
  const cellsWide = width >> 1;
  const cellsHigh = height >> 1;
  const stride = cellsWide + 1;
  const sums = new Int32Array(stride * (cellsHigh + 1));
  let inked = 0;
  // A 2×2 cell starts on even coordinates, so it lies inside one block: cell (cx, cy) is in block
  // (cx >> CELL_TO_BLOCK, cy >> CELL_TO_BLOCK). `(v - limit) >>> 31` is 1 exactly when v < limit (both 0–255).
  for (let cy = 0; cy < cellsHigh; cy++) {
    const blockRow = (cy >> CELL_TO_BLOCK) * blocksWide;
    const top = 2 * cy * width;
    const bottom = top + width;
    const above = cy * stride + 1;
    const here = above + stride;
    let row = 0;
    for (let cx = 0; cx < cellsWide; cx++) {
      const limit = inkBelow[blockRow + (cx >> CELL_TO_BLOCK)] as number;
      if (limit !== 0) {
        const x = 2 * cx;
        const count =
          (((data[top + x] as number) - limit) >>> 31) +
          (((data[top + x + 1] as number) - limit) >>> 31) +
          (((data[bottom + x] as number) - limit) >>> 31) +
          (((data[bottom + x + 1] as number) - limit) >>> 31);
        row += count;
        inked += count;
      }
      sums[here + cx] = (sums[above + cx] as number) + row;
    }
  }
  const countInk = (x: number, y: number) => {
    const limit = inkBelow[(y >> BLOCK_SHIFT) * blocksWide + (x >> BLOCK_SHIFT)] as number;
    return (((data[y * width + x] as number) - limit) >>> 31) as number;
  };
  if (width % 2 === 1) for (let y = 0; y < 2 * cellsHigh; y++) inked += countInk(width - 1, y);
  if (height % 2 === 1) for (let x = 0; x < width; x++) inked += countInk(x, height - 1);
  return { sums, inked };
}

/**
 * Per block: the integer level below which a pixel is ink (levels are integers, so v < t ⇔ v < ⌈t⌉), or 0
 * where the neighbourhood is not paper, so that nothing there counts.
 */
function inkLimits(image: GreyImage, paperLevel: number): Int16Array {
  const local = neighbourhoodLevels(image);
  const paperFloor = paperLevel * PAPER_SHARE;
  const inkBelow = new Int16Array(local.length);
  for (let b = 0; b < local.length; b++) {
    const mean = local[b] as number;
    inkBelow[b] =
      mean < paperFloor ? 0 : Math.max(0, Math.ceil(mean - Math.max(INK_DROP_MIN, mean * INK_DROP_SHARE)));
  }
  return inkBelow;
}

/**
 * The neighbourhood level reads every LEVEL_ROW_STEP-th row only: it is a mean over a box of some 36×36 px,
 * which half the rows give as well (every calibration verdict is the same), for half this pass's time.
 */
const LEVEL_ROW_STEP = 2;

/** Mean grey level around each BLOCK_PX block, over a radius of NEIGHBOURHOOD_SHARE of the long side. */
function neighbourhoodLevels(image: GreyImage): Float32Array {
  const { width, height, data } = image;
  const blocksWide = Math.ceil(width / BLOCK_PX);
  const blocksHigh = Math.ceil(height / BLOCK_PX);
  const fullBlocksWide = width >> BLOCK_SHIFT;
  const sums = new Int32Array(blocksWide * blocksHigh);
  for (let y = 0; y < height; y += LEVEL_ROW_STEP) {
    const blockRow = (y >> BLOCK_SHIFT) * blocksWide;
    let i = y * width;
    for (let b = blockRow, end = blockRow + fullBlocksWide; b < end; b++, i += BLOCK_PX)
      sums[b] =
        (sums[b] as number) +
        (data[i] as number) +
        (data[i + 1] as number) +
        (data[i + 2] as number) +
        (data[i + 3] as number);
    if (fullBlocksWide < blocksWide) {
      let rest = 0;
      for (const end = (y + 1) * width; i < end; i++) rest += data[i] as number;
      sums[blockRow + fullBlocksWide] = (sums[blockRow + fullBlocksWide] as number) + rest;
    }
  }
  const means = new Float32Array(sums.length);
  for (let by = 0; by < blocksHigh; by++) {
    const rows = Math.ceil(Math.min(BLOCK_PX, height - by * BLOCK_PX) / LEVEL_ROW_STEP);
    for (let bx = 0; bx < blocksWide; bx++) {
      const b = by * blocksWide + bx;
      means[b] = (sums[b] as number) / (rows * Math.min(BLOCK_PX, width - bx * BLOCK_PX));
    }
  }
  const radius = Math.max(1, Math.round((Math.max(width, height) * NEIGHBOURHOOD_SHARE) / BLOCK_PX));
  return boxMean(means, blocksWide, blocksHigh, radius);
}

/** Mean over the (2r+1)² box around each cell, clipped at the edges: two running-sum passes. */
function boxMean(values: Float32Array, width: number, height: number, r: number): Float32Array {
  const rows = new Float32Array(values.length);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let sum = 0;
    for (let x = 0; x < Math.min(r, width); x++) sum += values[row + x] as number;
    for (let x = 0; x < width; x++) {
      if (x + r < width) sum += values[row + x + r] as number;
      if (x - r - 1 >= 0) sum -= values[row + x - r - 1] as number;
      rows[row + x] = sum / (Math.min(width - 1, x + r) - Math.max(0, x - r) + 1);
    }
  }
  const out = new Float32Array(values.length);
  for (let x = 0; x < width; x++) {
    let sum = 0;
    for (let y = 0; y < Math.min(r, height); y++) sum += rows[y * width + x] as number;
    for (let y = 0; y < height; y++) {
      if (y + r < height) sum += rows[(y + r) * width + x] as number;
      if (y - r - 1 >= 0) sum -= rows[(y - r - 1) * width + x] as number;
      out[y * width + x] = sum / (Math.min(height - 1, y + r) - Math.max(0, y - r) + 1);
    }
  }
  return out;
}

/**
 * Energy of the change in ink (box sums of radius r) between points 2r apart, across x and across y. The
 * box sums are smooth at scale r (boxes 2r+1 wide), so they are taken on a grid r apart: then the points
 * either side of a grid point are its grid neighbours, and every box sum is computed once. Three rows of the
 * grid are held at a time, not the whole grid: at r = 1 that would be a megabyte per photo for the collector.
 */
function densityEnergy(sums: Int32Array, width: number, height: number, r: number) {
  const stride = width + 1;
  const columns = Math.max(0, Math.floor((width - 2 * r - 1) / r));
  const rows = Math.floor((height - 2 * r - 1) / r);
  const side = 2 * r + 1;
  const down = side * stride;
  let above = new Int32Array(columns);
  let here = new Int32Array(columns);
  let below = new Int32Array(columns);
  // Box sums are whole numbers, and so is every sum below (far under 2^53): exact in any order. The loops are
  // written out (no helper for a row of box sums, no array swap) and each row's energy is summed on its own:
  // a fifth faster than with them, on every photo's critical path.
  let acrossX = 0;
  let acrossY = 0;
  if (rows >= 3) {
    for (let i = 0, top = 0; i < columns; i++, top += r)
      above[i] =
        (sums[top + down + side] as number) -
        (sums[top + side] as number) -
        (sums[top + down] as number) +
        (sums[top] as number);
    for (let i = 0, top = r * stride; i < columns; i++, top += r)
      here[i] =
        (sums[top + down + side] as number) -
        (sums[top + side] as number) -
        (sums[top + down] as number) +
        (sums[top] as number);
  }
  for (let j = 1; j < rows - 1; j++) {
    for (let i = 0, top = (j + 1) * r * stride; i < columns; i++, top += r)
      below[i] =
        (sums[top + down + side] as number) -
        (sums[top + side] as number) -
        (sums[top + down] as number) +
        (sums[top] as number);
    let rowX = 0;
    let rowY = 0;
    for (let i = 1; i < columns - 1; i++) {
      const dx = (here[i + 1] as number) - (here[i - 1] as number);
      const dy = (below[i] as number) - (above[i] as number);
      rowX += dx * dx;
      rowY += dy * dy;
    }
    acrossX += rowX;
    acrossY += rowY;
    const done = above;
    above = here;
    here = below;
    below = done;
  }
  // Per sample and per box area, so that the +1 in the caller is a fixed, negligible floor at every scale.
  const norm = Math.max(1, (columns - 2) * (rows - 2)) * side ** 4;
  return { acrossX: (acrossX / norm) * 1e6, acrossY: (acrossY / norm) * 1e6 };
}
