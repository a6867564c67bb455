import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { bareJpegSize, isBareJpeg } from '../../src/images/is-bare-jpeg.js';

const picture = () => sharp({ create: { width: 64, height: 48, channels: 3, background: '#f0f0f0' } });

describe('isBareJpeg', () => {
  it('accepts a JPEG with nothing but its picture, baseline or progressive', async () => {
    expect(isBareJpeg(await picture().jpeg().toBuffer())).toBe(true);
    expect(isBareJpeg(await picture().jpeg({ progressive: true }).toBuffer())).toBe(true);
  });

  it('refuses a JPEG with EXIF (orientation, GPS) or a colour profile, which must be stripped', async () => {
    expect(isBareJpeg(await picture().withMetadata({ orientation: 6 }).jpeg().toBuffer())).toBe(false);
    expect(isBareJpeg(await picture().withIccProfile('p3').jpeg().toBuffer())).toBe(false);
  });

  it('refuses a PNG and a header cut short', async () => {
    expect(isBareJpeg(await picture().png().toBuffer())).toBe(false);
    expect(isBareJpeg((await picture().jpeg().toBuffer()).subarray(0, 30))).toBe(false);
  });
});

describe('bareJpegSize', () => {
  it('reads the stored size of a bare JPEG from its frame header, baseline or progressive', async () => {
    expect(bareJpegSize(await picture().jpeg().toBuffer())).toEqual({ width: 64, height: 48 });
    expect(bareJpegSize(await picture().jpeg({ progressive: true }).toBuffer())).toEqual({
      width: 64,
      height: 48,
    });
  });

  it('leaves a JPEG with EXIF, whose upright size may differ, and a header cut short to sharp', async () => {
    expect(bareJpegSize(await picture().withMetadata({ orientation: 6 }).jpeg().toBuffer())).toBeUndefined();
    expect(bareJpegSize((await picture().jpeg().toBuffer()).subarray(0, 30))).toBeUndefined();
  });
});
