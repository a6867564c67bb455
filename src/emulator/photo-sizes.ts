import type { PhotoSize } from './bot-api-types.js';
import type { FileStore } from './file-store.js';
import type { ImageSize } from './image-size.js';

/** One size of a photo, as a simulated client supplies it. */
export interface PhotoSizeInput {
  readonly bytes: Uint8Array;
  readonly width: number;
  readonly height: number;
  /** Reported `file_size`; defaults to `bytes.length`. */
  readonly fileSize?: number;
}

/** The longest sides of the sizes Telegram makes of an uploaded photo (`s`, `m`, `x`, `y`). */
const SIZE_LIMITS = [90, 320, 800] as const;
const LARGEST_SIDE = 1280;

/** Stores each size as its own file, remembering them as one photo; returns the PhotoSize array. */
export function storePhotoSizes(files: FileStore, sizes: readonly PhotoSizeInput[]): PhotoSize[] {
  const photo = sizes.map((size): PhotoSize => {
    const file = files.add({ kind: 'photo', bytes: size.bytes, size: size.fileSize ?? size.bytes.length });
    return {
      file_id: file.fileId,
      file_unique_id: file.fileUniqueId,
      width: size.width,
      height: size.height,
      file_size: file.size,
    };
  });
  files.addPhotoSet(photo);
  return photo;
}

/**
 * The sizes Telegram lists for a photo the bot uploads: smaller copies up to the largest, which
 * is capped at 1280 px. Without an image library the copies are not re-encoded: every size
 * downloads the uploaded bytes, and smaller sizes report a proportionally smaller `file_size`.
 */
export function uploadedPhotoSizes(bytes: Uint8Array, image: ImageSize): PhotoSizeInput[] {
  const longest = Math.max(image.width, image.height);
  const scaled = (limit: number): PhotoSizeInput => {
    const factor = Math.min(1, limit / longest);
    const width = Math.max(1, Math.round(image.width * factor));
    const height = Math.max(1, Math.round(image.height * factor));
    const fileSize = Math.max(1, Math.round(bytes.length * factor * factor));
    return { bytes, width, height, fileSize };
  };
  return [
    ...SIZE_LIMITS.filter((limit) => limit < longest).map(scaled),
    { ...scaled(LARGEST_SIDE), fileSize: bytes.length },
  ];
}
