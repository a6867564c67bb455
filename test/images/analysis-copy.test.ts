import { describe, expect, it } from 'vitest';
import { analysisCopy } from '../../src/images/analysis-copy.js';
import type { RawPhoto } from '../../src/images/decode-photo.js';
import { blockExtremesOf } from '../../src/images/measure-paper.js';

function raw(
  width: number,
  height: number,
  rgb: (x: number, y: number) => [number, number, number],
): RawPhoto {
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set(rgb(x, y), 3 * (y * width + x));
  return { data, width, height, channels: 3 };
}

describe('analysisCopy', () => {
  it('brings the long side to the analysis size and keeps the aspect', () => {
    const copy = analysisCopy(
      raw(1280, 960, () => [200, 200, 200]),
      1000,
    );
    expect([copy.width, copy.height]).toEqual([1000, 750]);
    const portrait = analysisCopy(
      raw(901, 1275, () => [200, 200, 200]),
      1000,
    );
    expect([portrait.width, portrait.height]).toEqual([707, 1000]);
  });

  it('never enlarges a picture smaller than the analysis size', () => {
    const copy = analysisCopy(
      raw(640, 480, () => [10, 20, 30]),
      1000,
    );
    expect([copy.width, copy.height]).toEqual([640, 480]);
  });

  it('turns colour into Rec. 601 luma and counts every level it writes', () => {
    // Left half pure red, right half pure blue: luma 77·255/256 = 76 and 29·255/256 = 28.
    const copy = analysisCopy(
      raw(1283, 643, (x) => (x < 641 ? [255, 0, 0] : [0, 0, 255])),
      1000,
    );
    expect(copy.data[0]).toBe(76);
    expect(copy.data[copy.width - 1]).toBe(28);
    const histogram = copy.histogram as Uint32Array;
    expect(histogram.reduce((sum, n) => sum + n, 0)).toBe(copy.width * copy.height);
    expect((histogram[76] as number) + (histogram[28] as number)).toBe(copy.width * copy.height);
  });

  it('samples the decoded pixel under each copy pixel, so a one-pixel stroke keeps its full darkness', () => {
    // Every fourth column dark: a filter would grey the strokes out; sampling keeps 0 or 255 only.
    const copy = analysisCopy(
      raw(1200, 900, (x) => (x % 4 === 0 ? [0, 0, 0] : [255, 255, 255])),
      1000,
    );
    const levels = new Set(copy.data);
    expect([...levels].sort((a, b) => a - b)).toEqual([0, 255]);
  });

  it("takes each whole block's darkest and brightest level on its way, as measurePaper would from the copy", () => {
    // Print-like noise on sizes that leave a partial last row and column of blocks (1003×751 → blocks 125×93).
    let seed = 7;
    const noise = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return (seed >> 16) & 255;
    };
    for (const [width, height] of [
      [1003, 751],
      [1280, 960],
      [517, 1000],
    ] as const) {
      const copy = analysisCopy(
        raw(width, height, () => [noise(), noise(), noise()]),
        1000,
      );
      const taken = copy.blockExtremes;
      const computed = blockExtremesOf({ width: copy.width, height: copy.height, data: copy.data });
      expect(taken?.blocksWide).toBe(Math.floor(copy.width / 8));
      expect(taken?.blocksHigh).toBe(Math.floor(copy.height / 8));
      expect(Buffer.from(taken?.lows ?? [])).toEqual(Buffer.from(computed.lows));
      expect(Buffer.from(taken?.highs ?? [])).toEqual(Buffer.from(computed.highs));
      // Noise spans most levels in every block: the extremes are not left at their starting values.
      expect(Math.max(...computed.lows)).toBeLessThan(128);
      expect(Math.min(...computed.highs)).toBeGreaterThan(128);
    }
  });
});
