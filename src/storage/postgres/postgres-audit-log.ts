import type pg from 'pg';
import type { AuditEntry, AuditLog } from '../../app/ports/audit-log.js';

interface AuditRow {
  at: Date;
  reviewer_id: string;
  applicant_id: string;
  material: string | null;
  from_state: string;
  to_state: string;
  reason: string | null;
  note: string | null;
}

const COLUMNS = 'at, reviewer_id, applicant_id, material, from_state, to_state, reason, note';

/** The shared AuditLog: `audit_log`, one row per entry, only ever inserted. */
export function createPostgresAuditLog(pool: pg.Pool): AuditLog {
  return {
    async append(entries) {
      if (entries.length === 0) return;
      const values: unknown[] = [];
      const tuples = entries.map((e, i) => {
        values.push(e.at, e.reviewerId, e.applicantId, e.material ?? null, e.from, e.to);
        values.push(e.reason ?? null, e.note ?? null);
        return `(${Array.from({ length: 8 }, (_, k) => `$${i * 8 + k + 1}`).join(', ')})`;
      });
      // One statement: the entries of one decision are all there or none is.
      await pool.query(`INSERT INTO audit_log (${COLUMNS}) VALUES ${tuples.join(', ')}`, values);
    },
    async forApplicant(applicantId) {
      const { rows } = await pool.query<AuditRow>(
        `SELECT ${COLUMNS} FROM audit_log WHERE applicant_id = $1 ORDER BY at, id`,
        [applicantId],
      );
      return rows.map(toEntry);
    },
    async latest(limit) {
      const { rows } = await pool.query<AuditRow>(
        `SELECT ${COLUMNS} FROM audit_log ORDER BY at DESC, id DESC LIMIT $1`,
        [limit],
      );
      return rows.map(toEntry);
    },
  };
}

function toEntry(row: AuditRow): AuditEntry {
  return {
    at: row.at,
    reviewerId: Number(row.reviewer_id),
    applicantId: Number(row.applicant_id),
    material: row.material ?? undefined,
    from: row.from_state,
    to: row.to_state,
    reason: row.reason ?? undefined,
    note: row.note ?? undefined,
  };
}
