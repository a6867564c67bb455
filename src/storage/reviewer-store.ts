import type Keyv from 'keyv';
import { z } from 'zod';
import { createKeyLock } from './key-lock.js';

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

/** Per-reviewer working state, so a decision in progress survives a restart. */
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
    const parsed = ReviewerSchema.safeParse(await keyv.get(keyOf(id)));
    return parsed.success ? parsed.data : { version: 1 };
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
