import type pg from 'pg';
import type { OutboxLeases } from '../../app/ports/outbox-leases.js';

export interface PostgresOutboxLeasesOptions {
  /** How long a lease runs without renewal; an instance gone this long has its records taken over. */
  readonly ttlMs?: number;
}

/** Long enough for a send and its two writes under load, short enough that a dead instance's messages wait little. */
const DEFAULT_TTL_MS = 30_000;

/**
 * Liveness across hosts for the outbox (table `outbox_leases`, migration 4): each instance holds one lease,
 * which covers every record it owns (`owner` is on the record), renewed every third of `ttlMs` while it runs.
 * A record whose owner has no lease running may be taken over; taking over is the repository's
 * compare-and-set, so of two instances only one gets it. Expiry times are the engine's clock in ms: instance
 * clocks must agree to well within a lease (NTP does).
 */
export function createPostgresOutboxLeases(
  pool: pg.Pool,
  options: PostgresOutboxLeasesOptions = {},
): OutboxLeases {
  const ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
  return {
    renewEveryMs: Math.floor(ttlMs / 3),
    sweepEveryMs: ttlMs,
    async renew(owner, now) {
      await pool.query(
        `INSERT INTO outbox_leases (owner, expires_at) VALUES ($1, $2)
         ON CONFLICT (owner) DO UPDATE SET expires_at = GREATEST(outbox_leases.expires_at, excluded.expires_at)`,
        [owner, now.getTime() + ttlMs],
      );
    },
    async release(owner) {
      await pool.query('DELETE FROM outbox_leases WHERE owner = $1', [owner]);
    },
    async abandoned(records, self, now) {
      const owners = [...new Set(records.map((record) => record.owner))].filter((owner) => owner !== self);
      if (owners.length === 0) return [];
      const { rows } = await pool.query<{ owner: string }>(
        'SELECT owner FROM outbox_leases WHERE owner = ANY($1::text[]) AND expires_at > $2',
        [owners, now.getTime()],
      );
      const alive = new Set(rows.map((row) => row.owner));
      // Expired leases are dropped as they are found: one row per instance ever started would pile up.
      await pool.query('DELETE FROM outbox_leases WHERE expires_at <= $1', [now.getTime() - ttlMs]);
      return records.filter((record) => record.owner !== self && !alive.has(record.owner));
    },
  };
}
