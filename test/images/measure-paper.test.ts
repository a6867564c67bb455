import { describe, expect, it } from 'vitest';
import type { GreyImage } from '../../src/images/grey-image.js';
import { measurePaper } from '../../src/images/measure-paper.js';

/** A 400×300 page of "print": 3 px dark dashes on paper, rows 12 px apart, with a 20 px blank margin. */
function page(paper: number, ink: number): GreyImage {
  const width = 400;
  const height = 300;
  const data = new Uint8Array(width * height).fill(paper);
  for (let y = 20; y < height - 20; y += 12)
    for (let x = 20; x < width - 20; x++)
      if (x % 9 < 5) for (let dy = 0; dy < 3; dy++) data[(y + dy) * width + x] = ink;
  return { width, height, data };
}

function fill(image: GreyImage, x0: number, y0: number, side: number, level: number): GreyImage {
  const data = Uint8Array.from(image.data);
  for (let y = y0; y < y0 + side; y++) data.fill(level, y * image.width + x0, y * image.width + x0 + side);
  return { ...image, data };
}

describe('measurePaper', () => {
  it('finds a blank blown-out square in the middle of the print', () => {
    const light = measurePaper(fill(page(220, 40), 150, 100, 80, 255), 250);
    expect(light.level).toBe(220);
    expect(light.blownOutSidePx).toBeGreaterThanOrEqual(64);
  });

  it('finds none on a clean page, nor on one whose paper is itself pure white', () => {
    expect(measurePaper(page(220, 40), 250).blownOutSidePx).toBe(0);
    expect(measurePaper(fill(page(255, 40), 150, 100, 80, 255), 250).blownOutSidePx).toBe(0);
  });

  it('ignores a blown-out patch on the margin, outside the print', () => {
    expect(measurePaper(fill(page(220, 40), 0, 0, 20, 255), 250).blownOutSidePx).toBe(0);
  });

  it('reads the paper around dim print, not a lamp beside it', () => {
    const dark = fill(page(45, 5), 300, 0, 100, 255);
    expect(dark.data.filter((v) => v === 255).length).toBeGreaterThan(0.05 * dark.data.length);
    expect(measurePaper(dark, 250).level).toBe(45);
  });

  it('says nothing about the paper of a picture without print', () => {
    expect(
      measurePaper({ width: 100, height: 100, data: new Uint8Array(10_000).fill(200) }, 250).level,
    ).toBeNull();
  });
});
