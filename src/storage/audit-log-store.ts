import { randomBytes } from 'node:crypto';
import type Keyv from 'keyv';
import { z } from 'zod';
import type { AuditEntry, AuditLog } from '../app/ports/audit-log.js';
import type { OnCorruptRecord } from '../errors.js';
import { type KeyvRow, recordPath, sqliteTableOf } from './sqlite-table.js';
import { parseStoredRecord, readStoredRows, type StoredRecordKind } from './stored-record.js';

export const AuditEntrySchema = z.object({
  version: z.literal(1),
  at: z.iso.datetime(),
  reviewerId: z.number().int(),
  applicantId: z.number().int(),
  material: z.string().optional(),
  from: z.string(),
  to: z.string(),
  reason: z.string().optional(),
  note: z.string().optional(),
});
const AUDIT_RECORD: StoredRecordKind<z.infer<typeof AuditEntrySchema>> = {
  schema: AuditEntrySchema,
  migrations: { current: 1, steps: {} },
  stepsFile: 'src/storage/audit-log-store.ts',
};

const KIND = 'audit';

/**
 * The embedded AuditLog: one Keyv row per entry, `audit:<applicant id>:<time>-<n>-<random>`, so one
 * dossier's entries are one key range in time order; the latest of all are one SQL query on the stored
 * time. Entries are only ever inserted. An entry that cannot be read back is reported and left out.
 */
export function createAuditLogStore(keyv: Keyv, options: { onCorrupt: OnCorruptRecord }): AuditLog {
  const table = sqliteTableOf(keyv, 'the audit log');
  // Orders the entries appended in one millisecond; the random part keeps keys apart across restarts.
  let appended = 0;
  const toEntries = async (rows: readonly KeyvRow[]): Promise<AuditEntry[]> => {
    const records = await readStoredRows(
      table,
      rows,
      (key, raw) => parseStoredRecord(key, raw, AUDIT_RECORD),
      options.onCorrupt,
    );
    return records.map(toEntry);
  };
  return {
    async append(entries) {
      const suffix = randomBytes(4).toString('hex');
      await Promise.all(
        entries.map((entry) => {
          const time = String(entry.at.getTime()).padStart(15, '0');
          const seq = String(appended++).padStart(9, '0');
          const key = `${KIND}:${entry.applicantId}:${time}-${seq}-${suffix}`;
          return keyv.set(key, toRecord(entry));
        }),
      );
    },
    async forApplicant(applicantId) {
      const rows = await table.rowsOf(`${KIND}:${applicantId}`);
      return toEntries([...rows].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)));
    },
    async latest(limit) {
      const rows = await table.query<KeyvRow>(
        `SELECT key, value FROM ${table.name} WHERE key LIKE ?
         ORDER BY CASE WHEN json_valid(value) THEN json_extract(value, ?) END DESC, key DESC LIMIT ?`,
        `${table.prefixOf(KIND)}%`,
        recordPath('at'),
        limit,
      );
      return toEntries(rows);
    },
  };
}

function toRecord(entry: AuditEntry): z.infer<typeof AuditEntrySchema> {
  return {
    version: 1,
    at: entry.at.toISOString(),
    reviewerId: entry.reviewerId,
    applicantId: entry.applicantId,
    from: entry.from,
    to: entry.to,
    ...(entry.material !== undefined && { material: entry.material }),
    ...(entry.reason !== undefined && { reason: entry.reason }),
    ...(entry.note !== undefined && { note: entry.note }),
  };
}

function toEntry(record: z.infer<typeof AuditEntrySchema>): AuditEntry {
  return {
    at: new Date(record.at),
    reviewerId: record.reviewerId,
    applicantId: record.applicantId,
    material: record.material,
    from: record.from,
    to: record.to,
    reason: record.reason,
    note: record.note,
  };
}
