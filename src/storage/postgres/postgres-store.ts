import pg from 'pg';
import { migrateSchema } from './schema-migrations.js';

export interface PostgresStore {
  readonly pool: pg.Pool;
  close(): Promise<void>;
}

export interface PostgresStoreOptions {
  /** Connections kept at most (PG_POOL_SIZE). */
  readonly poolSize: number;
  /**
   * Told of an error on an idle connection (the server restarted, the network dropped). Without a listener
   * node-postgres would crash the process; the pool drops that connection and the next query opens another.
   */
  readonly onIdleError?: (error: Error) => void;
}

/**
 * Opens a pool to the PostgreSQL database at `url` (`postgres://user:password@host:port/database`) and
 * brings its tables up to this release (src/storage/postgres/schema-migrations.ts) before resolving.
 * @throws the driver's error when the database cannot be reached or a migration fails; the pool is closed.
 */
export async function openPostgresStore(url: string, options: PostgresStoreOptions): Promise<PostgresStore> {
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize, connectionTimeoutMillis: 10_000 });
  pool.on('error', (error) => options.onIdleError?.(error));
  try {
    await migrateSchema(pool);
  } catch (error) {
    await pool.end();
    throw error;
  }
  return { pool, close: () => pool.end() };
}

/**
 * Runs `work` in one transaction on one connection: committed when it resolves, rolled back when it
 * throws (and the error rethrown).
 */
export async function inTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  // A connection whose ROLLBACK failed is in no known state: it is destroyed, not handed to the next caller.
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    try {
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: unknown) => {
        broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      });
      throw error;
    }
  } finally {
    client.release(broken);
  }
}

/**
 * Selects one row `FOR UPDATE` in the transaction of `client`. When there is no row yet, it first takes a
 * transaction-scoped advisory lock on `lockKey` and looks again: a row lock cannot cover a row that does not
 * exist, and two transactions creating the same row would otherwise both see nothing and both insert. The
 * second waits on the advisory lock, then finds the first one's committed row and locks it.
 */
export async function selectForUpdate<R extends pg.QueryResultRow>(
  client: pg.PoolClient,
  sql: string,
  params: readonly unknown[],
  lockKey: string,
): Promise<R | undefined> {
  const first = await client.query<R>(`${sql} FOR UPDATE`, [...params]);
  if (first.rows[0]) return first.rows[0];
  await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [lockKey]);
  const second = await client.query<R>(`${sql} FOR UPDATE`, [...params]);
  return second.rows[0];
}
