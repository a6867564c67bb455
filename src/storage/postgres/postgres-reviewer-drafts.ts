import type pg from 'pg';
import { z } from 'zod';
import { CorruptRecordError } from '../../errors.js';
import { createKeyLock } from '../key-lock.js';
import { type PendingDecision, PendingDecisionSchema, type ReviewerStore } from '../reviewer-store.js';
import { parseStoredRecord, type StoredRecordKind } from '../stored-record.js';
import { inTransaction, selectForUpdate } from './postgres-store.js';

/** The same record as the embedded store keeps under `reviewer:<id>`. */
const REVIEWER_RECORD: StoredRecordKind<{ version: 1; pending?: PendingDecision | undefined }> = {
  schema: z.object({ version: z.literal(1), pending: PendingDecisionSchema.optional() }),
  migrations: { current: 1, steps: {} },
  stepsFile: 'src/storage/postgres/postgres-reviewer-drafts.ts',
};

/**
 * The shared ReviewerDrafts: one row per reviewer in `reviewer_drafts`, changed in one transaction under
 * the row lock, so a reviewer's next text finds the draft whichever instance it reaches. A stored record
 * that cannot be used is not reset: both methods throw CorruptRecordError and leave it as it is.
 */
export function createPostgresReviewerDrafts(pool: pg.Pool): ReviewerStore {
  const lock = createKeyLock();
  const keyOf = (id: number) => `reviewer:${id}`;
  const parse = (id: number, raw: unknown): PendingDecision | undefined => {
    const reviewer = parseStoredRecord(keyOf(id), raw, REVIEWER_RECORD);
    if (reviewer instanceof CorruptRecordError) throw reviewer;
    return reviewer.pending;
  };
  const sql = 'SELECT record FROM reviewer_drafts WHERE reviewer_id = $1';
  return {
    async pending(id) {
      const { rows } = await pool.query<{ record: unknown }>(sql, [id]);
      return rows[0] && parse(id, rows[0].record);
    },
    setPending: (id, change) =>
      lock.run(String(id), () =>
        inTransaction(pool, async (client) => {
          const row = await selectForUpdate<{ record: unknown }>(client, sql, [id], keyOf(id));
          const next = change(row && parse(id, row.record));
          await client.query(
            `INSERT INTO reviewer_drafts (reviewer_id, record) VALUES ($1, $2)
             ON CONFLICT (reviewer_id) DO UPDATE SET record = excluded.record, updated_at = now()`,
            [id, JSON.stringify({ version: 1, ...(next && { pending: next }) })],
          );
          return next;
        }),
      ),
  };
}
