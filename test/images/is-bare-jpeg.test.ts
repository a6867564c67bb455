import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { isBareJpeg } from '../../src/images/is-bare-jpeg.js';

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
