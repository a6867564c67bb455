import type Keyv from 'keyv';
import { z } from 'zod';
import { CorruptRecordError } from '../errors.js';
import { createKeyLock } from './key-lock.js';
import { getStored, parseStoredRecord, type StoredRecordKind } from './stored-record.js';

/** A decision a reviewer has started and will finish with their next text message (feedback or reason). */
export const PendingDecisionSchema = z.object({
  kind: z.enum(['return', 'reject']),
  applicantId: z.number().int(),
  stamp: z.string(),
  /** Materials marked to redo (returns only). */
  materials: z.array(z.string()),
});
export type PendingDecision = z.infer<typeof PendingDecisionSchema>;

const ReviewerSchema = z.object({ version: z.literal(1), pending: PendingDecisionSchema.optional() });
type Reviewer = z.infer<typeof ReviewerSchema>;

const REVIEWER_RECORD: StoredRecordKind<Reviewer> = {
  schema: ReviewerSchema,
  migrations: { current: 1, steps: {} },
  stepsFile: 'src/storage/reviewer-store.ts',
};

/**
 * Per-reviewer working state, so a decision in progress survives a restart. A stored record that cannot be
 * used is not reset to empty: both methods throw CorruptRecordError and leave it as it is.
 */
export interface ReviewerStore {
  pending(reviewerId: number): Promise<PendingDecision | undefined>;
  setPending(
    reviewerId: number,
    change: (current: PendingDecision | undefined) => PendingDecision | undefined,
  ): Promise<PendingDecision | undefined>;
}

export function createReviewerStore(keyv: Keyv): ReviewerStore {
  const lock = createKeyLock();
  const keyOf = (id: number) => `reviewer:${id}`;
  const read = async (id: number): Promise<Reviewer> => {
    const raw: unknown = await getStored(keyv, keyOf(id));
    if (raw === undefined) return { version: 1 };
    const reviewer = parseStoredRecord(keyOf(id), raw, REVIEWER_RECORD);
    if (reviewer instanceof CorruptRecordError) throw reviewer;
    return reviewer;
  };
  return {
    pending: async (id) => (await read(id)).pending,
    setPending: (id, change) =>
      lock.run(`r${id}`, async () => {
        const next = change((await read(id)).pending);
        await keyv.set(keyOf(id), { version: 1, ...(next && { pending: next }) });
        return next;
      }),
  };
}
