import { AsyncLocalStorage } from 'node:async_hooks';

/** One update's cache: records read or written while it is applied, by key. */
interface ReadCache {
  open: boolean;
  readonly entries: Map<string, unknown>;
}

const current = new AsyncLocalStorage<ReadCache>();

/**
 * Runs one update's work with a cache of the records it reads: its handlers read the same applicant several
 * times (the guard, then the use-case), and on a shared store each read is a round trip. Writes still check
 * the version they read (see the PostgreSQL applicant repository), so a record another instance changed
 * meanwhile is read again, not overwritten. The cache closes when the work ends: timers and promises the
 * update left behind (an outbox send it started) read the store again.
 */
export async function withReadCache<T>(work: () => Promise<T>): Promise<T> {
  const cache: ReadCache = { open: true, entries: new Map() };
  try {
    return await current.run(cache, work);
  } finally {
    cache.open = false;
    cache.entries.clear();
  }
}

/** The running update's cache, or undefined outside one (or after it ended). */
export function readCache(): Map<string, unknown> | undefined {
  const cache = current.getStore();
  return cache?.open ? cache.entries : undefined;
}
