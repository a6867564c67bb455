/** Who is working on a dossier, and until when. */
export interface DossierClaim {
  readonly applicantId: number;
  readonly reviewerId: number;
  readonly until: Date;
}

/**
 * Reviewers' claims on dossiers: a claim keeps other reviewers' "Next" off a dossier for a while and shows
 * them who is on it. Every adapter passes test/contracts/dossier-claims.contract.ts.
 */
export interface DossierClaims {
  /**
   * Claims the dossier for `reviewerId` until `until`, unless another reviewer's claim is still running at
   * `now`; the same reviewer claiming again extends it. Of two reviewers claiming at once exactly one wins,
   * also across processes sharing the store. True when the claim is now theirs.
   */
  claim(applicantId: number, reviewerId: number, until: Date, now: Date): Promise<boolean>;
  /** The claims still running at `now` (expired ones are left out). */
  running(now: Date): Promise<DossierClaim[]>;
  /** Gives up a reviewer's claim (after their decision); another reviewer's claim is left alone. */
  release(applicantId: number, reviewerId: number): Promise<void>;
}
