import { describe, expect, it } from 'vitest';
import type { GreyImage } from '../../src/images/grey-image.js';
import { measureExposure } from '../../src/images/measure-exposure.js';
import { measureSharpness } from '../../src/images/measure-sharpness.js';
import { measureTextOrientation } from '../../src/images/measure-text-orientation.js';

function image(width: number, height: number, level: (x: number, y: number) => number): GreyImage {
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = level(x, y);
  return { width, height, data };
}

/**
 * Lines of 12 px cross-shaped glyphs with 4 px gaps, 28 px apart, about 10 % ink: the shape of a page of print.
 */
function textLines(x: number, y: number): number {
  const inLine = y % 28 < 12 && x % 16 < 12 && x > 40 && x < 560;
  const stroke = (y % 28) % 12 >= 5 && (y % 28) % 12 <= 6 ? true : (x % 16) % 12 >= 5 && (x % 16) % 12 <= 6;
  return inLine && stroke ? 30 : 240;
}
const page = image(600, 800, textLines);
const sidewaysPage = image(800, 600, (x, y) => textLines(y, x));

/** Dark bars whose edges rise over `ramp` pixels across x and `rampY` pixels across y. */
function bars(ramp: number, rampY = 1): GreyImage {
  const edge = (t: number, r: number) => Math.min(1, Math.max(0, t / r));
  return image(400, 400, (x, y) => {
    const across = Math.min(edge(x % 50, ramp), edge(25 - (x % 50), ramp));
    const down = Math.min(edge(y % 50, rampY), edge(25 - (y % 50), rampY));
    return Math.round(240 - 200 * Math.min(across, down));
  });
}

describe('measureExposure', () => {
  it('reads the ink and the paper from the ends of the histogram', () => {
    const exposure = measureExposure(page);
    expect(exposure.inkLevel).toBe(30);
    expect(exposure.paperLevel).toBe(240);
    expect(exposure.meanLevel).toBeGreaterThan(150);
  });

  it('ignores a few specks darker than the ink', () => {
    const specked = image(100, 100, (x, y) => (x + y === 0 ? 0 : x < 10 ? 60 : 200));
    expect(measureExposure(specked).inkLevel).toBe(60);
  });
});

describe('measureSharpness', () => {
  it('measures crisp edges as about one pixel wide', () => {
    expect(measureSharpness(bars(1), 200).edgeWidthPx).toBeLessThanOrEqual(1.5);
  });

  it('measures edges that rise over eight pixels as wide', () => {
    expect(measureSharpness(bars(8, 8), 200).edgeWidthPx).toBeGreaterThanOrEqual(6);
  });

  it('reports the worse direction, so a smear along one axis counts', () => {
    expect(measureSharpness(bars(8, 1), 200).edgeWidthPx).toBeGreaterThanOrEqual(6);
  });

  it('finds no edges in a flat picture', () => {
    expect(
      measureSharpness(
        image(200, 200, () => 128),
        0,
      ),
    ).toEqual({ edgeWidthPx: null, edgeCount: 0 });
  });

  it('is not fooled by faint texture below the edge threshold', () => {
    const textured = image(300, 300, (x, y) => 200 + ((x * 7 + y * 13) % 5));
    expect(measureSharpness(textured, 200).edgeWidthPx).toBeNull();
  });
});

describe('measureTextOrientation', () => {
  it('finds lines of print running across an upright page', () => {
    expect(measureTextOrientation(page, 240).verticalToHorizontal).toBeLessThan(0.8);
  });

  it('finds lines of print running down a page turned by 90°', () => {
    expect(measureTextOrientation(sidewaysPage, 240).verticalToHorizontal).toBeGreaterThan(1.25);
  });

  it('finds no ink and no direction on a blank sheet', () => {
    expect(
      measureTextOrientation(
        image(400, 300, () => 235),
        235,
      ),
    ).toEqual({ verticalToHorizontal: 1, inkFraction: 0 });
  });

  it('does not count a dark desk around the page as ink', () => {
    const onDesk = image(800, 800, (x, y) => (x < 100 || x >= 700 ? 70 : textLines(x - 100, y)));
    expect(measureTextOrientation(onDesk, 240).verticalToHorizontal).toBeLessThan(0.8);
  });
});
