/** One line of the audit log: who did what to which dossier (and material), when and why. */
export interface AuditEntry {
  readonly at: Date;
  readonly reviewerId: number;
  readonly applicantId: number;
  /** The material the line is about; absent for the dossier as a whole. */
  readonly material?: string | undefined;
  /** e.g. `submitted` → `returned` for the dossier, `submitted` → `redo` for a material. */
  readonly from: string;
  readonly to: string;
  /** What the applicant was told (or the template reasons of a material). */
  readonly reason?: string | undefined;
  /** The reviewer's internal note: never shown to the applicant. */
  readonly note?: string | undefined;
}

/**
 * The append-only audit log of review decisions: entries are added and read, never changed or removed
 * (an applicant's delete-my-data leaves it: it names the user id only). Every adapter passes
 * test/contracts/audit-log.contract.ts.
 */
export interface AuditLog {
  append(entries: readonly AuditEntry[]): Promise<void>;
  /** One dossier's entries, oldest first. */
  forApplicant(applicantId: number): Promise<AuditEntry[]>;
  /** The latest entries of every dossier, newest first, at most `limit`. */
  latest(limit: number): Promise<AuditEntry[]>;
}
