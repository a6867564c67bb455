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
  const { data } = image;
  const histogram = image.histogram ?? countLevels(data);
  let sum = 0;
  for (let level = 1; level < 256; level++) sum += level * (histogram[level] as number);
  return {
    meanLevel: data.length === 0 ? 0 : sum / data.length,
    inkLevel: percentile(histogram, data.length, INK_PERCENTILE),
    paperLevel: percentile(histogram, data.length, PAPER_PERCENTILE),
  };
}

/**
 * How many pixels hold each level. Four interleaved tallies, added up at the end: on a page most neighbours
 * share the paper's level, and one tally would make every increment wait for the one before.
 */
function countLevels(data: Uint8Array): Uint32Array {
  const tallies = new Uint32Array(4 * 256);
  const whole = data.length - (data.length % 4);
  let i = 0;
  for (; i < whole; i += 4) {
    const a = data[i] as number;
    const b = 256 + (data[i + 1] as number);
    const c = 512 + (data[i + 2] as number);
    const d = 768 + (data[i + 3] as number);
    tallies[a] = (tallies[a] as number) + 1;
    tallies[b] = (tallies[b] as number) + 1;
    tallies[c] = (tallies[c] as number) + 1;
    tallies[d] = (tallies[d] as number) + 1;
  }
  for (; i < data.length; i++) tallies[data[i] as number] = (tallies[data[i] as number] as number) + 1;
  return mergeLevelTallies(tallies);
}

/** One histogram from the four interleaved tallies (4 × 256 bins) that countLevels and the grey conversion keep. */
export function mergeLevelTallies(tallies: Uint32Array): Uint32Array {
  const histogram = new Uint32Array(256);
  for (let level = 0; level < 256; level++)
    histogram[level] =
      (tallies[level] as number) +
      (tallies[256 + level] as number) +
      (tallies[512 + level] as number) +
      (tallies[768 + level] as number);
  return histogram;
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
