import { describe, expect, it } from 'vitest';
import { DEFAULT_PHOTO_RULES } from '../../src/domain/photo/photo-rules.js';
import { encodeNormalisedPhoto } from '../../src/images/encode-normalised-photo.js';

function noise(width: number, height: number) {
  const data = Buffer.alloc(width * height * 3);
  let state = 12345;
  for (let i = 0; i < data.length; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    data[i] = state >>> 24;
  }
  return { data, width, height, channels: 3 as const };
}

describe('encodeNormalisedPhoto', () => {
  it('keeps the byte limit even for a picture of pure noise, shrinking below 1200 px as a last resort', async () => {
    const encoded = await encodeNormalisedPhoto(noise(1600, 1200), DEFAULT_PHOTO_RULES, {
      preferPng: false,
      inputLongSidePx: 1600,
    });
    expect(encoded.bytes.length).toBeLessThanOrEqual(DEFAULT_PHOTO_RULES.maxBytes);
    expect(encoded.format).toBe('jpeg');
    expect(encoded.quality).toBeLessThan(DEFAULT_PHOTO_RULES.jpegQualityFloor);
    expect(encoded.width).toBeLessThan(1200);
  });

  it('does not enlarge a picture smaller than the output target', async () => {
    const flat = { data: Buffer.alloc(1100 * 700 * 3, 200), width: 1100, height: 700, channels: 3 as const };
    const encoded = await encodeNormalisedPhoto(flat, DEFAULT_PHOTO_RULES, {
      preferPng: false,
      inputLongSidePx: 1100,
    });
    expect(encoded).toMatchObject({ width: 1100, height: 700, quality: DEFAULT_PHOTO_RULES.jpegQualityMax });
  });

  it('writes PNG when asked and the lossless file fits', async () => {
    const flat = { data: Buffer.alloc(1200 * 900 * 3, 255), width: 1200, height: 900, channels: 3 as const };
    const encoded = await encodeNormalisedPhoto(flat, DEFAULT_PHOTO_RULES, {
      preferPng: true,
      inputLongSidePx: 1200,
    });
    expect(encoded).toMatchObject({ format: 'png', width: 1200, height: 900, tries: 1 });
  });
});
