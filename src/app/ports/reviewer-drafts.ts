/** A decision a reviewer has started and finishes with their next text (the feedback or the reason). */
export interface PendingDecision {
  readonly kind: 'return' | 'reject';
  readonly applicantId: number;
  /** The submission it is about (see submissionStamp). */
  readonly stamp: string;
  /** Materials marked to redo (returns only). */
  readonly materials: readonly string[];
}

/** Each reviewer's decision in progress, kept so that it survives a restart. */
export interface ReviewerDrafts {
  pending(reviewerId: number): Promise<PendingDecision | undefined>;
  /** Changes one reviewer's draft as a unit; returns the new one. */
  setPending(
    reviewerId: number,
    change: (current: PendingDecision | undefined) => PendingDecision | undefined,
  ): Promise<PendingDecision | undefined>;
}
