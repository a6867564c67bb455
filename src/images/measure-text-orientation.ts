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
  const { ink, inked } = inkMap(image, paperLevel);
  const inkFraction = ink.length === 0 ? 0 : inked / ink.length;
  const width = image.width >> 1;
  const height = image.height >> 1;
  const largest = SCALES[SCALES.length - 1] as number;
  if (inked === 0 || width < 4 * largest + 2 || height < 4 * largest + 2)
    return { verticalToHorizontal: 1, inkFraction };
  const sums = integral(pool(ink, image.width, width, height), width, height);
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

function inkMap(image: GreyImage, paperLevel: number): { ink: Uint8Array; inked: number } {
  const { width, height, data } = image;
  const local = neighbourhoodLevels(image);
  const paperFloor = paperLevel * PAPER_SHARE;
  // Per block: the integer level below which a pixel is ink (levels are integers, so v < t ⇔ v < ⌈t⌉), or 0
  // where the neighbourhood is not paper. Blocks that cannot hold ink are skipped whole: this loop runs over
  // every pixel of every photo.
  const inkBelow = new Int16Array(local.length);
  for (let b = 0; b < local.length; b++) {
    const mean = local[b] as number;
    inkBelow[b] =
      mean < paperFloor ? 0 : Math.max(0, Math.ceil(mean - Math.max(INK_DROP_MIN, mean * INK_DROP_SHARE)));
  }
  const blocksWide = Math.ceil(width / BLOCK_PX);
  const ink = new Uint8Array(data.length);
  let inked = 0;
  for (let y = 0; y < height; y++) {
    const blockRow = (y >> BLOCK_SHIFT) * blocksWide;
    const row = y * width;
    for (let block = 0; block < blocksWide; block++) {
      const limit = inkBelow[blockRow + block] as number;
      if (limit === 0) continue;
      const end = row + Math.min(width, (block + 1) << BLOCK_SHIFT);
      for (let i = row + (block << BLOCK_SHIFT); i < end; i++)
        if ((data[i] as number) < limit) {
          ink[i] = 1;
          inked++;
        }
    }
  }
  return { ink, inked };
}

/** Mean grey level around each BLOCK_PX block, over a radius of NEIGHBOURHOOD_SHARE of the long side. */
function neighbourhoodLevels(image: GreyImage): Float32Array {
  const { width, height, data } = image;
  const blocksWide = Math.ceil(width / BLOCK_PX);
  const blocksHigh = Math.ceil(height / BLOCK_PX);
  const sums = new Float32Array(blocksWide * blocksHigh);
  const counts = new Float32Array(blocksWide * blocksHigh);
  for (let y = 0; y < height; y++) {
    const blockRow = (y >> BLOCK_SHIFT) * blocksWide;
    for (let x = 0; x < width; x++) {
      const b = blockRow + (x >> BLOCK_SHIFT);
      sums[b] = (sums[b] as number) + (data[y * width + x] as number);
      counts[b] = (counts[b] as number) + 1;
    }
  }
  for (let b = 0; b < sums.length; b++) sums[b] = (sums[b] as number) / (counts[b] as number);
  const radius = Math.max(1, Math.round((Math.max(width, height) * NEIGHBOURHOOD_SHARE) / BLOCK_PX));
  return boxMean(sums, blocksWide, blocksHigh, radius);
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

/** Ink counts (0–4) per 2×2 cell: a quarter of the work for every scale, and the scales are coarser anyway. */
function pool(ink: Uint8Array, stride: number, width: number, height: number): Uint8Array {
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const top = 2 * y * stride;
    for (let x = 0; x < width; x++) {
      const i = top + 2 * x;
      out[y * width + x] =
        (ink[i] as number) +
        (ink[i + 1] as number) +
        (ink[i + stride] as number) +
        (ink[i + stride + 1] as number);
    }
  }
  return out;
}

/** Summed-area table with a zero first row and column: any box sum in four lookups. */
function integral(values: Uint8Array, width: number, height: number): Int32Array {
  const stride = width + 1;
  const sums = new Int32Array(stride * (height + 1));
  for (let y = 0; y < height; y++) {
    let row = 0;
    for (let x = 0; x < width; x++) {
      row += values[y * width + x] as number;
      sums[(y + 1) * stride + x + 1] = (sums[y * stride + x + 1] as number) + row;
    }
  }
  return sums;
}

/**
 * Energy of the change in ink (box sums of radius r) between points 2r apart, across x and across y. The
 * box sums are smooth at scale r (boxes 2r+1 wide), so they are taken on a grid r apart: then the points
 * either side of a grid point are its grid neighbours, and every box sum is computed once.
 */
function densityEnergy(sums: Int32Array, width: number, height: number, r: number) {
  const stride = width + 1;
  const columns = Math.floor((width - 2 * r - 1) / r);
  const rows = Math.floor((height - 2 * r - 1) / r);
  const grid = new Float64Array(columns * rows);
  for (let j = 0; j < rows; j++) {
    const top = j * r * stride;
    const bottom = (j * r + 2 * r + 1) * stride;
    for (let i = 0; i < columns; i++) {
      const left = i * r;
      const right = left + 2 * r + 1;
      grid[j * columns + i] =
        (sums[bottom + right] as number) -
        (sums[top + right] as number) -
        (sums[bottom + left] as number) +
        (sums[top + left] as number);
    }
  }
  let acrossX = 0;
  let acrossY = 0;
  for (let j = 1; j < rows - 1; j++) {
    for (let i = 1; i < columns - 1; i++) {
      const at = j * columns + i;
      const dx = (grid[at + 1] as number) - (grid[at - 1] as number);
      const dy = (grid[at + columns] as number) - (grid[at - columns] as number);
      acrossX += dx * dx;
      acrossY += dy * dy;
    }
  }
  // Per sample and per box area, so that the +1 in the caller is a fixed, negligible floor at every scale.
  const norm = Math.max(1, (columns - 2) * (rows - 2)) * (2 * r + 1) ** 4;
  return { acrossX: (acrossX / norm) * 1e6, acrossY: (acrossY / norm) * 1e6 };
}
