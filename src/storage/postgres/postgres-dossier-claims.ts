import type pg from 'pg';
import type { DossierClaims } from '../../app/ports/dossier-claims.js';

/**
 * The shared DossierClaims: `dossier_claims`, one row per dossier. A claim is one upsert that only
 * overwrites an expired claim or the reviewer's own, so of two instances claiming at once exactly one wins.
 */
export function createPostgresDossierClaims(pool: pg.Pool): DossierClaims {
  return {
    async claim(applicantId, reviewerId, until, now) {
      const { rowCount } = await pool.query(
        `INSERT INTO dossier_claims (applicant_id, reviewer_id, claimed_until) VALUES ($1, $2, $3)
         ON CONFLICT (applicant_id) DO UPDATE
           SET reviewer_id = excluded.reviewer_id, claimed_until = excluded.claimed_until
           WHERE dossier_claims.reviewer_id = excluded.reviewer_id OR dossier_claims.claimed_until <= $4`,
        [applicantId, reviewerId, until, now],
      );
      return rowCount === 1;
    },
    async running(now) {
      const { rows } = await pool.query<{ applicant_id: string; reviewer_id: string; claimed_until: Date }>(
        'SELECT applicant_id, reviewer_id, claimed_until FROM dossier_claims WHERE claimed_until > $1',
        [now],
      );
      return rows.map((row) => ({
        applicantId: Number(row.applicant_id),
        reviewerId: Number(row.reviewer_id),
        until: row.claimed_until,
      }));
    },
    async release(applicantId, reviewerId) {
      await pool.query('DELETE FROM dossier_claims WHERE applicant_id = $1 AND reviewer_id = $2', [
        applicantId,
        reviewerId,
      ]);
    },
  };
}
