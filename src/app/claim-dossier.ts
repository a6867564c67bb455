import type { Applicant } from '../domain/applicant.js';
import type { AppDeps } from './app-deps.js';
import { listReviewQueue } from './list-review-queue.js';
import type { DossierClaim, DossierClaims } from './ports/dossier-claims.js';

/** "Next" keeps a dossier to its reviewer this long; a decision releases it sooner. */
export const CLAIM_TTL_MS = 15 * 60_000;

type Deps = Pick<AppDeps, 'applicants' | 'clock'> & { readonly claims: DossierClaims };

/**
 * Claims the oldest submitted dossier nobody else is on, for CLAIM_TTL_MS; a dossier the reviewer already
 * holds counts as theirs (Next after a reload gives it back). Undefined when every waiting dossier is
 * someone else's or none is waiting.
 */
export async function claimNextDossier(deps: Deps, reviewerId: number): Promise<Applicant | undefined> {
  const now = deps.clock.now();
  const until = new Date(now.getTime() + CLAIM_TTL_MS);
  const held = new Map((await deps.claims.running(now)).map((c) => [c.applicantId, c.reviewerId]));
  for (const applicant of await listReviewQueue(deps)) {
    const holder = held.get(applicant.userId);
    if (holder !== undefined && holder !== reviewerId) continue;
    // Another reviewer may have claimed it since the listing: the claim itself decides.
    if (await deps.claims.claim(applicant.userId, reviewerId, until, now)) return applicant;
  }
  return undefined;
}

/** Claims one dossier the reviewer opened, unless another reviewer is on it; true when it is theirs now. */
export async function claimDossier(deps: Deps, reviewerId: number, applicantId: number): Promise<boolean> {
  const now = deps.clock.now();
  return deps.claims.claim(applicantId, reviewerId, new Date(now.getTime() + CLAIM_TTL_MS), now);
}

/** Who is on which dossier now, by applicant. */
export async function runningClaims(deps: Deps): Promise<Map<number, DossierClaim>> {
  return new Map((await deps.claims.running(deps.clock.now())).map((c) => [c.applicantId, c]));
}
