import { readFile } from 'node:fs/promises';
import type { PictureStore } from '../app/ports/picture-store.js';
import { createPhotoFiles } from './photo-files.js';

/** A picture id becomes a file name: letters, digits, `-` and `_` only, so it cannot reach another folder. */
const PICTURE_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The embedded PictureStore: files under DATA_DIR/photos/<user id>/, the folders 0700 and the files 0600
 * (see photo-files.ts). A key is the file's path relative to DATA_DIR (`photos/7/a1.jpg`), as dossiers have
 * recorded it since the first release; a key that would leave the photos folder is refused.
 */
export function createFilePictureStore(dataDir: string): PictureStore {
  const files = createPhotoFiles(dataDir);
  return {
    async put(userId, pictureId, format, bytes) {
      if (!PICTURE_ID.test(pictureId))
        throw new Error(`picture id "${pictureId}": expected 1 to 64 letters, digits, "-" or "_"`);
      return await files.save(userId, pictureId, format, bytes);
    },
    async get(key) {
      const buffer = await readFile(files.absolute(key));
      return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    },
    delete: (key) => files.remove(key),
    deleteAll: (userId) => files.removeAll(userId),
  };
}
