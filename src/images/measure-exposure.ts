import type { GreyImage } from './grey-image.js';

/** Grey levels (0–255) that describe how a photo is lit. */
export interface Exposure {
  readonly meanLevel: number;
  /** 2nd percentile: the ink. On a washed-out photo even the ink is light. */
  readonly inkLevel: number;
  /** 95th percentile: the paper. On a dark photo even the paper is dim. */
  readonly paperLevel: number;
}

const INK_PERCENTILE = 0.02;
const PAPER_PERCENTILE = 0.95;

/**
 * Exposure from a histogram of the downscaled copy: percentiles rather than min/max so that a few specks of
 * dust or a glint on a laminated card do not decide the verdict.
 */
export function measureExposure(image: GreyImage): Exposure {
  const histogram = new Uint32Array(256);
  const { data } = image;
  let sum = 0;
  for (let i = 0; i < data.length; i++) {
    const v = data[i] as number;
    histogram[v] = (histogram[v] as number) + 1;
    sum += v;
  }
  return {
    meanLevel: data.length === 0 ? 0 : sum / data.length,
    inkLevel: percentile(histogram, data.length, INK_PERCENTILE),
    paperLevel: percentile(histogram, data.length, PAPER_PERCENTILE),
  };
}

function percentile(histogram: Uint32Array, count: number, fraction: number): number {
  const rank = Math.max(1, Math.ceil(count * fraction));
  let seen = 0;
  for (let level = 0; level < 256; level++) {
    seen += histogram[level] as number;
    if (seen >= rank) return level;
  }
  return 255;
}
