import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { DUPLICATE_HASH_DISTANCE } from '../../src/domain/dossier.js';
import { hammingDistance, photoHash } from '../../src/images/photo-hash.js';
import { clearJpeg, telegramPhotoJpeg } from '../helpers/photo-fixtures.js';

describe('photoHash', () => {
  it('is 1024 bits written as 256 hex digits', async () => {
    expect(await photoHash(await clearJpeg('id-card'))).toMatch(/^[0-9a-f]{256}$/);
  });

  it('stays within the duplicate distance for the same photo sent again, recompressed', async () => {
    for (const doc of ['notice-cjk', 'id-card', 'certificate'] as const) {
      const sent = await telegramPhotoJpeg({ doc, draw: 1 });
      const again = await sharp(sent).jpeg({ quality: 70 }).toBuffer();
      expect(hammingDistance(await photoHash(sent), await photoHash(again))).toBeLessThanOrEqual(
        DUPLICATE_HASH_DISTANCE,
      );
    }
  });

  it('lies beyond the duplicate distance from a different page', async () => {
    const notice = await photoHash(await clearJpeg('notice-cjk'));
    for (const other of ['letter-latin', 'form-table', 'id-card', 'certificate'] as const)
      expect(hammingDistance(notice, await photoHash(await clearJpeg(other)))).toBeGreaterThan(
        DUPLICATE_HASH_DISTANCE,
      );
  });

  it('tells apart two different pages of print photographed the same way', async () => {
    const first = await photoHash(await telegramPhotoJpeg({ doc: 'notice-cjk', draw: 6 }));
    const second = await photoHash(await telegramPhotoJpeg({ doc: 'notice-cjk', draw: 7 }));
    expect(hammingDistance(first, second)).toBeGreaterThan(DUPLICATE_HASH_DISTANCE);
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
