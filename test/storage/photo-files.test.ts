import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPhotoFiles } from '../../src/storage/photo-files.js';

const modeOf = (path: string) => (statSync(path).mode & 0o777).toString(8);
const newDataDir = () => join(mkdtempSync(join(tmpdir(), 'nmle-photos-')), 'data');
const BYTES = new Uint8Array([0xff, 0xd8, 0xff, 0xd9]);

describe('photo files under DATA_DIR/photos', () => {
  it('saves a photo readable by the bot user only, in folders likewise', async () => {
    const dataDir = newDataDir();
    const file = await createPhotoFiles(dataDir).save(7, 'a1', 'jpeg', BYTES);
    expect(file).toBe(join('photos', '7', 'a1.jpg'));
    expect(readFileSync(join(dataDir, file))).toEqual(Buffer.from(BYTES));
    const paths = [dataDir, join(dataDir, 'photos'), join(dataDir, 'photos', '7'), join(dataDir, file)];
    expect(paths.map(modeOf)).toEqual(['700', '700', '700', '600']);
  });

  it('refuses a recorded path that would leave the photos folder', () => {
    const photos = createPhotoFiles(newDataDir());
    expect(() => photos.absolute('nmle.sqlite')).toThrow(/outside/);
    expect(() => photos.absolute('photos/../nmle.sqlite')).toThrow(/outside/);
    expect(() => photos.absolute('/etc/passwd')).toThrow(/outside/);
  });

  it('removes every photo of one applicant and no one else', async () => {
    const dataDir = newDataDir();
    const photos = createPhotoFiles(dataDir);
    await photos.save(7, 'a1', 'jpeg', BYTES);
    const other = await photos.save(8, 'b1', 'png', BYTES);
    await photos.removeAll(7);
    expect(existsSync(join(dataDir, 'photos', '7'))).toBe(false);
    expect(existsSync(join(dataDir, other))).toBe(true);
  });
});
