import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';

/**
 * Accepted, normalised photos on disk under DATA_DIR/photos/<user id>/. They are identity documents: the
 * folders are readable by the bot's user only (0700) and the files likewise (0600). Originals are never kept.
 */
export interface PhotoFiles {
  /** Writes a photo; returns its path relative to DATA_DIR (what the dossier records). */
  save(userId: number, photoId: string, format: 'jpeg' | 'png', bytes: Uint8Array): Promise<string>;
  /** Absolute path of a recorded photo; refuses a path that would leave the photos folder. */
  absolute(file: string): string;
  remove(file: string): Promise<void>;
  /** Every photo of an applicant (for /delete_my_data). */
  removeAll(userId: number): Promise<void>;
}

export function createPhotoFiles(dataDir: string): PhotoFiles {
  const root = resolve(dataDir, 'photos');
  const absolute = (file: string) => {
    const path = resolve(dataDir, file);
    if (!path.startsWith(root + sep)) throw new Error(`photo path outside ${root}: ${file}`);
    return path;
  };
  return {
    async save(userId, photoId, format, bytes) {
      const dir = join(root, String(userId));
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const path = join(dir, `${photoId}.${format === 'png' ? 'png' : 'jpg'}`);
      await writeFile(path, bytes, { mode: 0o600 });
      return relative(dataDir, path);
    },
    absolute,
    async remove(file) {
      await rm(absolute(file), { force: true });
    },
    async removeAll(userId) {
      await rm(join(root, String(userId)), { recursive: true, force: true });
    },
  };
}
