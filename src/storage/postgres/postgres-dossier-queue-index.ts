import type pg from 'pg';
import type { DossierQueueIndex, QueueEntry } from '../../app/ports/dossier-queue-index.js';
import { CorruptRecordError, type OnCorruptRecord } from '../../errors.js';
import { APPLICANT_RECORD } from '../applicant-migrations.js';
import { QueueEntrySchema } from '../dossier-queue-index-store.js';
import { parseStoredRecord } from '../stored-record.js';

interface QueueRow {
  user_id: string;
  state: string | null;
  submitted_at: string | null;
  answers: unknown;
  /** The whole record, only for a row of another version. */
  record: unknown;
}

/**
 * The shared DossierQueueIndex: the generated `state` column picks the rows, and only the answers and the
 * submission time are read out of each current-version record; a record of another version comes whole and
 * is migrated and read as the applicant repository reads it.
 */
export function createPostgresDossierQueueIndex(
  pool: pg.Pool,
  options: { onCorrupt: OnCorruptRecord },
): DossierQueueIndex {
  const current = APPLICANT_RECORD.migrations.current;
  return {
    async entries(states) {
      if (states.length === 0) return [];
      const wanted = new Set<string>(states);
      const { rows } = await pool.query<QueueRow>(
        `SELECT user_id, state, record #>> '{dossier,submittedAt}' AS submitted_at, record -> 'answers' AS answers,
           CASE WHEN version IS DISTINCT FROM $2 THEN record END AS record
         FROM applicants WHERE state = ANY($1) OR version IS DISTINCT FROM $2`,
        [[...wanted], current],
      );
      const entries: QueueEntry[] = [];
      for (const row of rows) {
        const key = `applicant:${row.user_id}`;
        const entry = row.record === null ? fromFields(key, row) : fromWhole(key, row.record);
        if (entry instanceof CorruptRecordError) options.onCorrupt(entry);
        else if (wanted.has(entry.state)) entries.push(entry);
      }
      return entries;
    },
  };
}

function fromWhole(key: string, raw: unknown): QueueEntry | CorruptRecordError {
  const record = parseStoredRecord(key, raw, APPLICANT_RECORD);
  if (record instanceof CorruptRecordError) return record;
  const { userId, dossier, answers } = record;
  return { userId, state: dossier.state, submittedAt: dossier.submittedAt, answers };
}

function fromFields(key: string, row: QueueRow): QueueEntry | CorruptRecordError {
  const parsed = QueueEntrySchema.safeParse({
    userId: Number(row.user_id),
    state: row.state,
    submittedAt: row.submitted_at ?? undefined,
    answers: row.answers,
  });
  if (parsed.success) return { ...parsed.data, submittedAt: parsed.data.submittedAt };
  const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ');
  return new CorruptRecordError(key, `the record does not parse: ${issues}`, { cause: parsed.error });
}
