import { chmod, mkdir, open, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import KeyvSqlite from '@keyv/sqlite';
import Keyv from 'keyv';
import { enableGroupCommit } from './group-commit.js';
import type { KeyvSqliteAdapter } from './sqlite-table.js';

export interface OpenStore {
  readonly keyv: Keyv;
  close(): Promise<void>;
}

/**
 * Opens the embedded SQLite store behind Keyv. @keyv/sqlite sets no pragmas, so every write would be its own
 * fsync'd transaction (~460 updates/s here); WAL with synchronous=NORMAL keeps committed data across a process
 * crash and is ~4× faster. `sqlite://:memory:` gives a throwaway store.
 *
 * The file holds personal data, so it is the bot user's alone, as the photos are: a folder this creates is
 * 0700, the database and its -wal and -shm files 0600 (an existing one with group or other bits is tightened).
 */
export async function openStore(url: string): Promise<OpenStore> {
  const file = url.replace(/^sqlite:\/\//, '');
  if (file !== ':memory:') await makeStoreFilePrivate(file);
  const sqlite = new KeyvSqlite({ uri: url, busyTimeout: 5_000 });
  await sqlite.query('PRAGMA journal_mode=WAL');
  await sqlite.query('PRAGMA synchronous=NORMAL');
  enableGroupCommit(sqlite as unknown as KeyvSqliteAdapter);
  // Keyv 5 reports a failed write as `false` and an 'error' event unless told to throw; a write that did not
  // happen must never look like one that did.
  const keyv = new Keyv({ store: sqlite, namespace: 'nmle', throwOnErrors: true });
  keyv.on('error', () => {
    // Errors also reject the pending call, where they are handled; without a listener they would crash.
  });
  return {
    keyv,
    close: async () => {
      await sqlite.close();
    },
  };
}

/**
 * Creates the database file 0600 before sqlite3 does (it would use 0644 less the umask), and tightens one an
 * earlier release left readable. SQLite creates -wal and -shm with the database file's mode
 * (findCreateFileMode in os_unix.c), so only ones already there need tightening. An existing folder keeps
 * its mode: STORE_URL may point into one the operator shares, and the files in it are private anyway.
 */
async function makeStoreFilePrivate(file: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const handle = await open(file, 'a', 0o600);
  await handle.close();
  for (const path of [file, `${file}-wal`, `${file}-shm`]) {
    const mode = await modeOf(path);
    if (mode !== undefined && (mode & 0o077) !== 0) await chmod(path, mode & 0o700);
  }
}

async function modeOf(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).mode & 0o777;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
