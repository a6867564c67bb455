import type Keyv from 'keyv';
import { z } from 'zod';
import type { DossierQueueIndex, QueueEntry } from '../app/ports/dossier-queue-index.js';
import { DOSSIER_STATES } from '../domain/dossier.js';
import { CorruptRecordError, type OnCorruptRecord } from '../errors.js';
import { APPLICANT_RECORD } from './applicant-migrations.js';
import { recordPath, sqliteTableOf } from './sqlite-table.js';
import { parseStoredRecord, unreadableText } from './stored-record.js';

/** The four fields as SQLite extracts them from a current-version record. */
export const QueueEntrySchema = z.object({
  userId: z.number().int(),
  state: z.enum(DOSSIER_STATES),
  submittedAt: z.string().optional(),
  answers: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
});

interface QueueRow {
  key: string;
  /** `[version, userId, state, submittedAt, answers]` as a JSON array; null for text that is not JSON. */
  fields: string | null;
  /** The whole stored text, only for a row whose fields cannot be read directly. */
  value: string | null;
}

/** The record's fields the queue reads, in the order of `QueueRow.fields`. */
const PATHS = ['version', 'userId', 'dossier.state', 'dossier.submittedAt', 'answers'].map(recordPath);

/**
 * The embedded DossierQueueIndex: one SQL query over Keyv's applicant rows, reading the fields of each
 * record with one json_extract (each call parses the whole text, and SQLite 3.44 keeps no parse between
 * calls), narrowed by state on the small array it returns. A row of another version, or text that is not
 * JSON, comes back whole and is read as the applicant store reads it.
 */
export function createDossierQueueIndexStore(
  keyv: Keyv,
  options: { onCorrupt: OnCorruptRecord },
): DossierQueueIndex {
  const table = sqliteTableOf(keyv, 'the dossier queue index');
  const current = APPLICANT_RECORD.migrations.current;
  return {
    async entries(states) {
      if (states.length === 0) return [];
      const wanted = new Set<string>(states);
      const other = `fields IS NULL OR json_extract(fields, '$[0]') IS NOT ?`;
      const rows = await table.query<QueueRow>(
        `SELECT key, fields, CASE WHEN ${other} THEN value END AS value FROM (
           SELECT key, value,
             CASE WHEN json_valid(value) THEN json_extract(value, ${PATHS.map(() => '?').join(', ')}) END AS fields
           FROM ${table.name} WHERE key LIKE ?)
         WHERE ${other} OR json_extract(fields, '$[2]') IN (${states.map(() => '?').join(', ')})`,
        current,
        ...PATHS,
        `${table.prefixOf('applicant')}%`,
        current,
        ...states,
      );
      const entries: QueueEntry[] = [];
      for (const row of rows) {
        const key = table.withoutNamespace(row.key);
        const entry =
          row.value === null && row.fields !== null
            ? fromFields(key, row.fields)
            : await fromWhole(key, row.value ?? '');
        if (entry instanceof CorruptRecordError) options.onCorrupt(entry);
        else if (wanted.has(entry.state)) entries.push(entry);
      }
      return entries;
    },
  };

  async function fromWhole(key: string, text: string): Promise<QueueEntry | CorruptRecordError> {
    let raw: unknown;
    try {
      raw = await table.deserialize(text);
    } catch (error) {
      return unreadableText(key, error);
    }
    const record = parseStoredRecord(key, raw, APPLICANT_RECORD);
    if (record instanceof CorruptRecordError) return record;
    const { userId, dossier, answers } = record;
    return { userId, state: dossier.state, submittedAt: dossier.submittedAt, answers };
  }
}

function fromFields(key: string, fields: string): QueueEntry | CorruptRecordError {
  const [, userId, state, submittedAt, answers] = JSON.parse(fields) as unknown[];
  const parsed = QueueEntrySchema.safeParse({
    userId,
    state,
    submittedAt: submittedAt ?? undefined,
    answers,
  });
  if (parsed.success) return { ...parsed.data, submittedAt: parsed.data.submittedAt };
  const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ');
  return new CorruptRecordError(key, `the record does not parse: ${issues}`, { cause: parsed.error });
}
