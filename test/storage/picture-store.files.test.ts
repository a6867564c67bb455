import { mkdtempSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFilePictureStore } from '../../src/storage/file-picture-store.js';
import { describePictureStoreContract } from '../contracts/picture-store.contract.js';

const newDataDir = () => join(mkdtempSync(join(tmpdir(), 'nmle-pictures-')), 'data');
const modeOf = (path: string) => (statSync(path).mode & 0o777).toString(8);

describePictureStoreContract('files under DATA_DIR (embedded)', async () => {
  const dataDir = newDataDir();
  return {
    store: createFilePictureStore(dataDir),
    close: () => rm(dataDir, { recursive: true, force: true }),
  };
});

describe('the picture store on files', () => {
  it('keys a picture by its path under DATA_DIR, as dossiers have recorded it', async () => {
    expect(await createFilePictureStore(newDataDir()).put(7, 'a1', 'png', Uint8Array.of(1))).toBe(
      join('photos', '7', 'a1.png'),
    );
  });

  it('keeps the folders and the file readable by the bot user only', async () => {
    const dataDir = newDataDir();
    const key = await createFilePictureStore(dataDir).put(7, 'a1', 'jpeg', Uint8Array.of(1));
    const paths = [dataDir, join(dataDir, 'photos'), join(dataDir, 'photos', '7'), join(dataDir, key)];
    expect(paths.map(modeOf)).toEqual(['700', '700', '700', '600']);
  });

  it('refuses a key that would leave the photos folder, to read or to delete', async () => {
    const pictures = createFilePictureStore(newDataDir());
    await expect(pictures.get('nmle.sqlite')).rejects.toThrow(/outside/);
    await expect(pictures.get('photos/../nmle.sqlite')).rejects.toThrow(/outside/);
    await expect(pictures.delete('/etc/passwd')).rejects.toThrow(/outside/);
  });
});
