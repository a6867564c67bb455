import type { Applicant } from '../domain/applicant.js';
import { reviewQueue } from '../domain/review-queue.js';
import type { AppDeps } from './app-deps.js';

/** The submitted dossiers waiting for a reviewer, oldest submission first, without loading anyone else. */
export async function listReviewQueue(deps: Pick<AppDeps, 'applicants'>): Promise<Applicant[]> {
  return reviewQueue(await deps.applicants.listByState(['submitted']));
}
