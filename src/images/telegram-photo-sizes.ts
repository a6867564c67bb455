import sharp from 'sharp';

/** One size of a photo as a Telegram client uploads it. */
export interface PhotoSizeBytes {
  readonly bytes: Uint8Array;
  readonly width: number;
  readonly height: number;
}

/** Telegram's `s`, `m`, `x` and `y` sizes: the longest side of each. */
const TELEGRAM_PHOTO_SIDES_PX = [90, 320, 800, 1280] as const;

/**
 * The sizes Telegram makes of a picture sent "as photo": JPEGs of at most 90, 320, 800 and 1280 px on the long
 * side (only those smaller than the picture, plus the picture itself capped at 1280), smallest first, EXIF
 * orientation applied and metadata dropped, as Telegram does.
 * @throws Error from sharp when the bytes are not a readable image.
 */
export async function toTelegramPhotoSizes(bytes: Uint8Array): Promise<PhotoSizeBytes[]> {
  const upright = await sharp(bytes).rotate().toBuffer({ resolveWithObject: true });
  const longest = Math.max(upright.info.width, upright.info.height);
  const sides: number[] = TELEGRAM_PHOTO_SIDES_PX.filter((side) => side < longest);
  if (sides.length < TELEGRAM_PHOTO_SIDES_PX.length) sides.push(Math.min(longest, 1280));
  return Promise.all(
    sides.map(async (side) => {
      const out = await sharp(upright.data)
        .resize({ width: side, height: side, fit: 'inside', withoutEnlargement: true })
        .jpeg({ quality: side <= 90 ? 60 : 87 })
        .toBuffer({ resolveWithObject: true });
      return { bytes: new Uint8Array(out.data), width: out.info.width, height: out.info.height };
    }),
  );
}
