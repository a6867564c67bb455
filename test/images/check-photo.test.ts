import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PHOTO_RULES, PhotoRulesSchema } from '../../src/domain/photo/photo-rules.js';
import { checkPhoto } from '../../src/images/check-photo.js';
import { hammingDistance, photoHash } from '../../src/images/photo-hash.js';
import {
  clearJpeg,
  damage,
  documentImage,
  exifOrientedJpeg,
  phonePhotoJpeg,
  pngBombDeflated,
  pngBombHeader,
  screenshotPng,
  sidewaysJpeg,
  telegramPhotoJpeg,
  truncate,
} from '../helpers/photo-fixtures.js';

const rules = DEFAULT_PHOTO_RULES;
const codes = (verdict: { problems: readonly { code: string }[] }) => verdict.problems.map((p) => p.code);
const SLOW = 60_000;

describe('checkPhoto accepts and normalises', () => {
  it('accepts a clear page and writes a JPEG of at most 200,000 bytes', async () => {
    const verdict = await checkPhoto(await clearJpeg('notice-cjk'), rules);
    expect(verdict.ok).toBe(true);
    expect(verdict.problems).toEqual([]);
    expect(verdict.output?.format).toBe('jpeg');
    expect(verdict.output?.bytes.length).toBeLessThanOrEqual(200_000);
    expect(verdict.output?.byteLength).toBe(verdict.output?.bytes.length);
  });

  it('accepts what Telegram delivers for a photo (1280×960, recompressed) at its own size', async () => {
    const verdict = await checkPhoto(await telegramPhotoJpeg(), rules);
    expect(codes(verdict)).toEqual([]);
    expect(verdict.output).toMatchObject({ width: 1280, height: 960 });
  });

  it('keeps a JPEG that fits and carries no metadata byte for byte, with nothing re-encoded', async () => {
    const photo = await telegramPhotoJpeg();
    expect(photo.length).toBeLessThanOrEqual(rules.maxBytes);
    const verdict = await checkPhoto(photo, rules);
    expect(Buffer.from(verdict.output?.bytes ?? []).equals(Buffer.from(photo))).toBe(true);
    expect(verdict.output?.quality).toBeUndefined();
  });

  it(
    'keeps a 4000×3000 phone photo within 200,000 bytes with a long side of at least 1200 px',
    async () => {
      const verdict = await checkPhoto(await phonePhotoJpeg(), rules);
      const output = verdict.output;
      expect(output?.bytes.length).toBeLessThanOrEqual(200_000);
      expect(Math.max(output?.width ?? 0, output?.height ?? 0)).toBeGreaterThanOrEqual(1200);
      expect((output?.width ?? 0) / (output?.height ?? 1)).toBeCloseTo(4 / 3, 2);
    },
    SLOW,
  );

  it('keeps a PNG screenshot as a lossless PNG at full size when it fits in 200,000 bytes', async () => {
    const verdict = await checkPhoto(await screenshotPng(), rules);
    expect(verdict.output).toMatchObject({ format: 'png', width: 1080, height: 2340 });
    expect(verdict.output?.bytes.length).toBeLessThanOrEqual(200_000);
  });

  it('turns a PNG too large for 200,000 bytes into a JPEG with its long side at least 1200 px', async () => {
    const noisyPng = new Uint8Array(await (await documentImage('dense-cjk')).png().toBuffer());
    expect(noisyPng.length).toBeGreaterThan(200_000);
    const verdict = await checkPhoto(noisyPng, rules);
    expect(verdict.output?.format).toBe('jpeg');
    expect(verdict.output?.bytes.length).toBeLessThanOrEqual(200_000);
    expect(Math.max(verdict.output?.width ?? 0, verdict.output?.height ?? 0)).toBeGreaterThanOrEqual(1200);
  });

  it(
    'lowers the JPEG quality before it shrinks the picture',
    async () => {
      const photo = await phonePhotoJpeg();
      const roomy = await checkPhoto(photo, rules);
      const tight = await checkPhoto(photo, PhotoRulesSchema.parse({ maxBytes: 150_000 }));
      expect(tight.output?.bytes.length).toBeLessThanOrEqual(150_000);
      expect(tight.output?.width).toBe(roomy.output?.width);
      expect(tight.output?.quality).toBeLessThan(roomy.output?.quality ?? 0);
    },
    SLOW,
  );

  it('shrinks a dense page only once the quality floor is reached, and not below 1200 px', async () => {
    const verdict = await checkPhoto(await clearJpeg('dense-cjk'), rules);
    const longSide = Math.max(verdict.output?.width ?? 0, verdict.output?.height ?? 0);
    expect(verdict.output?.quality).toBe(rules.jpegQualityFloor);
    expect(longSide).toBeGreaterThanOrEqual(1200);
    expect((verdict.output?.width ?? 0) * (verdict.output?.height ?? 0)).toBeLessThan(
      rules.outputTargetPixels,
    );
  });

  it('applies the EXIF orientation: the output is upright, its sides swapped, with no orientation tag', async () => {
    const stored = await exifOrientedJpeg('notice-cjk', 6);
    const storedMeta = await sharp(stored).metadata();
    expect(storedMeta.width).toBeGreaterThan(storedMeta.height);
    const verdict = await checkPhoto(stored, rules);
    expect(codes(verdict)).toEqual([]);
    expect(verdict.measurements.exifOrientation).toBe(6);
    const outputMeta = await sharp(verdict.output?.bytes).metadata();
    expect(outputMeta.height).toBeGreaterThan(outputMeta.width);
    expect(outputMeta.orientation).toBeUndefined();
    const page = await clearJpeg('notice-cjk');
    const output = await photoHash(verdict.output?.bytes ?? new Uint8Array());
    const toUpright = hammingDistance(output, await photoHash(page));
    for (const angle of [90, 180, 270]) {
      const turned = await photoHash(await sharp(page).rotate(angle).toBuffer());
      expect(toUpright).toBeLessThan(hammingDistance(output, turned));
    }
  });

  it('strips every piece of metadata from the output', async () => {
    const tagged = new Uint8Array(
      await (await documentImage('id-card'))
        .withMetadata({ orientation: 1, density: 300 })
        .withExif({ IFD0: { Copyright: 'applicant', Make: 'Phone' } })
        .jpeg()
        .toBuffer(),
    );
    const verdict = await checkPhoto(tagged, rules);
    const meta = await sharp(verdict.output?.bytes).metadata();
    expect(meta.exif).toBeUndefined();
    expect(meta.icc).toBeUndefined();
    expect(meta.orientation).toBeUndefined();
  });

  it('judges without encoding when normalising is turned off', async () => {
    const verdict = await checkPhoto(await clearJpeg('id-card'), rules, { normalise: false });
    expect(verdict.ok).toBe(true);
    expect(verdict.output).toBeUndefined();
  });
});

describe('checkPhoto refuses', () => {
  it('a WebP file as unsupported_format, whatever it is called', async () => {
    const webp = new Uint8Array(await (await documentImage('id-card')).webp().toBuffer());
    expect(codes(await checkPhoto(webp, rules))).toEqual(['unsupported_format']);
  });

  it('a file that is not an image at all as unsupported_format', async () => {
    expect(codes(await checkPhoto(new TextEncoder().encode('not a photo'), rules))).toEqual([
      'unsupported_format',
    ]);
  });

  it('a truncated JPEG as corrupt', async () => {
    expect(codes(await checkPhoto(truncate(await clearJpeg('letter-latin')), rules))).toEqual(['corrupt']);
  });

  it('a JPEG with damaged image data as corrupt', async () => {
    expect(codes(await checkPhoto(damage(await clearJpeg('letter-latin')), rules))).toEqual(['corrupt']);
  });

  it('a PNG header claiming 30000×30000 pixels as too_many_pixels, from the header alone', async () => {
    // Were it decoded, its missing pixel data would make it corrupt instead.
    const verdict = await checkPhoto(pngBombHeader(), rules);
    expect(codes(verdict)).toEqual(['too_many_pixels']);
    expect(verdict.measurements.inkLevel).toBeUndefined();
  });

  it('a valid 144-megapixel PNG that deflates to a few hundred KB, without inflating it', async () => {
    // Proved by what was measured, not by the clock: the pixel measurements exist only once the image is
    // decoded. How long the refusal takes is a figure of `npm run bench photos`.
    const verdict = await checkPhoto(await pngBombDeflated(), rules);
    expect(codes(verdict)).toEqual(['too_many_pixels']);
    expect(verdict.measurements).toMatchObject({ width: 12_000, height: 12_000 });
    expect(verdict.measurements.inkLevel).toBeUndefined();
  });

  it('a thumbnail as too_small', async () => {
    const tiny = new Uint8Array(
      await (await documentImage('notice-cjk')).resize({ width: 480 }).jpeg().toBuffer(),
    );
    expect(codes(await checkPhoto(tiny, rules))).toEqual(['too_small']);
  });

  it('an out-of-focus page as blurry', async () => {
    const blurred = new Uint8Array(await (await documentImage('notice-cjk')).blur(5).jpeg().toBuffer());
    expect(codes(await checkPhoto(blurred, rules))).toEqual(['blurry']);
  });

  it(
    'a phone photo shaken sideways as blurry, though its vertical detail is sharp',
    async () => {
      expect(codes(await checkPhoto(await phonePhotoJpeg({ motion: 41 }), rules))).toEqual(['blurry']);
    },
    SLOW,
  );

  it('a photo taken in the dark as too_dark', async () => {
    const dark = new Uint8Array(await (await documentImage('notice-cjk')).linear(0.2, 0).jpeg().toBuffer());
    expect(codes(await checkPhoto(dark, rules))).toEqual(['too_dark']);
  });

  it('a washed-out photo as too_bright', async () => {
    const blown = new Uint8Array(
      await (await documentImage('notice-cjk')).linear(0.3, 190).jpeg().toBuffer(),
    );
    expect(codes(await checkPhoto(blown, rules))).toEqual(['too_bright']);
  });

  it.each([90, 270] as const)('a page turned by %i° in its pixels as sideways', async (angle) => {
    expect(codes(await checkPhoto(await sidewaysJpeg('letter-latin', angle), rules))).toEqual(['sideways']);
  });

  it('gives no output for a refused photo', async () => {
    const verdict = await checkPhoto(await sidewaysJpeg('id-card'), rules);
    expect(verdict.ok).toBe(false);
    expect(verdict.output).toBeUndefined();
  });
});
