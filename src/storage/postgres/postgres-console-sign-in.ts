import type pg from 'pg';
import type { ConsoleSessionRepository } from '../../app/ports/console-sessions.js';
import type { SignInLinkRepository } from '../../app/ports/console-sign-in-links.js';

/**
 * The shared sign-in links: `console_sign_in_links`, one row per link. Taking one is a single
 * `DELETE … RETURNING`, so of two instances spending one link at once exactly one gets it.
 */
export function createPostgresSignInLinks(pool: pg.Pool): SignInLinkRepository {
  return {
    async add(link) {
      await pool.query(
        'INSERT INTO console_sign_in_links (token_hash, reviewer_id, expires_at) VALUES ($1, $2, $3)',
        [link.tokenHash, link.reviewerId, link.expiresAt],
      );
    },
    async take(tokenHash) {
      const { rows } = await pool.query<{ reviewer_id: string; expires_at: Date }>(
        'DELETE FROM console_sign_in_links WHERE token_hash = $1 RETURNING reviewer_id, expires_at',
        [tokenHash],
      );
      const row = rows[0];
      return row && { tokenHash, reviewerId: Number(row.reviewer_id), expiresAt: row.expires_at };
    },
    async prune(expiredBefore) {
      const { rowCount } = await pool.query('DELETE FROM console_sign_in_links WHERE expires_at < $1', [
        expiredBefore,
      ]);
      return rowCount ?? 0;
    },
  };
}

/** The shared console sessions: `console_sessions`, one row per session, keyed by the id's hash. */
export function createPostgresConsoleSessions(pool: pg.Pool): ConsoleSessionRepository {
  return {
    async add(session) {
      await pool.query(
        `INSERT INTO console_sessions (id_hash, reviewer_id, created_at, expires_at) VALUES ($1, $2, $3, $4)`,
        [session.idHash, session.reviewerId, session.createdAt, session.expiresAt],
      );
    },
    async get(idHash) {
      const { rows } = await pool.query<{ reviewer_id: string; created_at: Date; expires_at: Date }>(
        'SELECT reviewer_id, created_at, expires_at FROM console_sessions WHERE id_hash = $1',
        [idHash],
      );
      const row = rows[0];
      return (
        row && {
          idHash,
          reviewerId: Number(row.reviewer_id),
          createdAt: row.created_at,
          expiresAt: row.expires_at,
        }
      );
    },
    async delete(idHash) {
      await pool.query('DELETE FROM console_sessions WHERE id_hash = $1', [idHash]);
    },
    async prune(expiredBefore) {
      const { rowCount } = await pool.query('DELETE FROM console_sessions WHERE expires_at < $1', [
        expiredBefore,
      ]);
      return rowCount ?? 0;
    },
  };
}
