import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { hammingDistance, photoHash } from '../../src/images/photo-hash.js';
import { clearJpeg } from '../helpers/photo-fixtures.js';

describe('photoHash', () => {
  it('is 64 bits written as 16 hex digits', async () => {
    expect(await photoHash(await clearJpeg('id-card'))).toMatch(/^[0-9a-f]{16}$/);
  });

  it('stays near for a copy recompressed and shrunk as Telegram would', async () => {
    const original = await clearJpeg('notice-cjk');
    const recompressed = await sharp(original).resize({ width: 800 }).jpeg({ quality: 50 }).toBuffer();
    expect(hammingDistance(await photoHash(original), await photoHash(recompressed))).toBeLessThanOrEqual(8);
  });

  it('lies far from a different page', async () => {
    const notice = await photoHash(await clearJpeg('notice-cjk'));
    for (const other of ['letter-latin', 'form-table', 'id-card', 'certificate'] as const)
      expect(hammingDistance(notice, await photoHash(await clearJpeg(other)))).toBeGreaterThanOrEqual(14);
  });

  it('throws for bytes that are not an image', async () => {
    await expect(photoHash(new TextEncoder().encode('nope'))).rejects.toThrow();
  });
});

describe('hammingDistance', () => {
  it.each([
    ['0000000000000000', '0000000000000000', 0],
    ['0000000000000000', 'ffffffffffffffff', 64],
    ['00000000000000f0', '0000000000000001', 5],
    ['ABCDEF0123456789', 'abcdef0123456789', 0],
  ])('counts the differing bits of %s and %s', (a, b, distance) => {
    expect(hammingDistance(a, b)).toBe(distance);
  });

  it('throws a RangeError for hashes of different lengths', () => {
    expect(() => hammingDistance('00', '000')).toThrow(RangeError);
  });

  it('throws a RangeError for something that is not hex', () => {
    expect(() => hammingDistance('zz', '00')).toThrow(RangeError);
  });
});
