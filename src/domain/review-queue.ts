import type { Applicant } from './applicant.js';

/** Submitted dossiers waiting for a reviewer, oldest submission first (first come, first served). */
export function reviewQueue(applicants: readonly Applicant[]): Applicant[] {
  return applicants
    .filter((a) => a.dossier.state === 'submitted')
    .sort(
      (a, b) =>
        (a.dossier.submittedAt ?? '').localeCompare(b.dossier.submittedAt ?? '') || a.userId - b.userId,
    );
}

/**
 * A short token of one submission, carried by review buttons: a button pressed for an earlier submission
 * (the dossier was returned and submitted again since) must not decide the new one unseen.
 */
export function submissionStamp(applicant: Applicant): string {
  const at = applicant.dossier.submittedAt ? Date.parse(applicant.dossier.submittedAt) : 0;
  return (Number.isNaN(at) ? 0 : at).toString(36);
}
