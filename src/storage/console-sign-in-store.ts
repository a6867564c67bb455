import type Keyv from 'keyv';
import { z } from 'zod';
import type { ConsoleSessionRepository, StoredConsoleSession } from '../app/ports/console-sessions.js';
import type { SignInLinkRepository, StoredSignInLink } from '../app/ports/console-sign-in-links.js';
import { CorruptRecordError } from '../errors.js';
import { createKeyLock } from './key-lock.js';
import { recordField, sqliteTableOf } from './sqlite-table.js';
import { getStored, parseStoredRecord, type StoredRecordKind } from './stored-record.js';

const HashSchema = z.string().regex(/^[0-9a-f]{64}$/);

const LinkSchema = z.object({
  version: z.literal(1),
  reviewerId: z.number().int(),
  expiresAt: z.iso.datetime(),
});
const LINK_RECORD: StoredRecordKind<z.infer<typeof LinkSchema>> = {
  schema: LinkSchema,
  migrations: { current: 1, steps: {} },
  stepsFile: 'src/storage/console-sign-in-store.ts',
};

const SessionSchema = z.object({
  version: z.literal(1),
  reviewerId: z.number().int(),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
});
const SESSION_RECORD: StoredRecordKind<z.infer<typeof SessionSchema>> = {
  schema: SessionSchema,
  migrations: { current: 1, steps: {} },
  stepsFile: 'src/storage/console-sign-in-store.ts',
};

/** Reads and parses one record; a record that cannot be used is thrown, never taken for "none". */
async function readRecord<T>(keyv: Keyv, key: string, kind: StoredRecordKind<T>): Promise<T | undefined> {
  const raw: unknown = await getStored(keyv, key);
  if (raw === undefined) return undefined;
  const record = parseStoredRecord(key, raw, kind);
  if (record instanceof CorruptRecordError) throw record;
  return record;
}

/**
 * Deletes the records of one kind whose `expiresAt` (ISO 8601 in UTC, so text order is time order) is before
 * `expiredBefore`, in one statement over Keyv's table; a record that is not JSON is left for its reader to report.
 */
async function pruneExpired(keyv: Keyv, kind: string, expiredBefore: Date): Promise<number> {
  const table = sqliteTableOf(keyv, 'pruning expired console sign-ins');
  const deleted = await table.query<{ key: string }>(
    `DELETE FROM ${table.name} WHERE key LIKE ? AND ${recordField('expiresAt')} < ? RETURNING key`,
    `${table.prefixOf(kind)}%`,
    expiredBefore.toISOString(),
  );
  return deleted.length;
}

/**
 * The embedded sign-in links: `console-link:<token hash>` on Keyv over SQLite. Taking a link runs under a
 * lock per hash, which is enough for the embedded set's single process.
 */
export function createSignInLinkStore(keyv: Keyv): SignInLinkRepository {
  const lock = createKeyLock();
  const keyOf = (hash: string) => `console-link:${HashSchema.parse(hash)}`;
  return {
    async add(link) {
      await keyv.set(keyOf(link.tokenHash), {
        version: 1,
        reviewerId: link.reviewerId,
        expiresAt: link.expiresAt.toISOString(),
      });
    },
    take: (tokenHash) =>
      lock.run(tokenHash, async (): Promise<StoredSignInLink | undefined> => {
        const key = keyOf(tokenHash);
        const record = await readRecord(keyv, key, LINK_RECORD);
        if (!record) return undefined;
        await keyv.delete(key);
        return { tokenHash, reviewerId: record.reviewerId, expiresAt: new Date(record.expiresAt) };
      }),
    prune: (expiredBefore) => pruneExpired(keyv, 'console-link', expiredBefore),
  };
}

/** The embedded console sessions: `console-session:<id hash>` on Keyv over SQLite. */
export function createConsoleSessionStore(keyv: Keyv): ConsoleSessionRepository {
  const keyOf = (hash: string) => `console-session:${HashSchema.parse(hash)}`;
  return {
    async add(session) {
      await keyv.set(keyOf(session.idHash), {
        version: 1,
        reviewerId: session.reviewerId,
        createdAt: session.createdAt.toISOString(),
        expiresAt: session.expiresAt.toISOString(),
      });
    },
    async get(idHash): Promise<StoredConsoleSession | undefined> {
      const record = await readRecord(keyv, keyOf(idHash), SESSION_RECORD);
      return (
        record && {
          idHash,
          reviewerId: record.reviewerId,
          createdAt: new Date(record.createdAt),
          expiresAt: new Date(record.expiresAt),
        }
      );
    },
    async delete(idHash) {
      await keyv.delete(keyOf(idHash));
    },
    prune: (expiredBefore) => pruneExpired(keyv, 'console-session', expiredBefore),
  };
}
