import sharp from 'sharp';
import type { DocumentName } from './photo-fixtures.js';
import { telegramPhotoJpeg } from './photo-fixtures.js';

export interface PhotoSizeInput {
  readonly bytes: Uint8Array;
  readonly width: number;
  readonly height: number;
}

/** A photo as Telegram delivers it: a 90 px thumbnail first, the full picture last. */
export async function asTelegramPhoto(bytes: Uint8Array): Promise<PhotoSizeInput[]> {
  const { width = 0, height = 0 } = await sharp(bytes).metadata();
  const thumb = await sharp(bytes)
    .resize({ width: 90 })
    .jpeg({ quality: 60 })
    .toBuffer({ resolveWithObject: true });
  return [
    { bytes: new Uint8Array(thumb.data), width: thumb.info.width, height: thumb.info.height },
    { bytes, width, height },
  ];
}

const KINDS: readonly DocumentName[] = [
  'id-card',
  'id-card-back',
  'certificate',
  'form-table',
  'notice-cjk',
  'dense-cjk',
  'letter-latin',
  'scan-300dpi',
];

/** `count` different document photos, each one a distinct page, as Telegram would deliver them (1280 px). */
export async function distinctDocumentPhotos(count: number, firstDraw = 0): Promise<Uint8Array[]> {
  const photos: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    const doc = KINDS[i % KINDS.length] as DocumentName;
    photos.push(await telegramPhotoJpeg({ doc, draw: firstDraw + i }));
  }
  return photos;
}
