import { type Applicant, newApplicant } from '../domain/applicant.js';
import type { DossierState } from '../domain/dossier.js';
import type { AppDeps } from './app-deps.js';
import type { DossierClaim, DossierClaims } from './ports/dossier-claims.js';
import type { DossierQueueIndex, QueueEntry } from './ports/dossier-queue-index.js';
import { matchesRosterFilter, type RosterFilter } from './roster-filter.js';

/** The states the console's queue counts and lists: every dossier a reviewer has seen or will see. */
export const QUEUE_STATES = [
  'submitted',
  'returned',
  'approved',
  'rejected',
] as const satisfies readonly DossierState[];
export type QueueState = (typeof QUEUE_STATES)[number];

export interface QueueRow {
  /**
   * The dossier as the queue lists it: user id, state, submission time and answers on a blank record (the
   * pictures and the rest are not read), enough for the filters and the queue's row.
   */
  readonly applicant: Applicant;
  /** Since submission, at the time of the listing. */
  readonly waitingMs: number | undefined;
  readonly claim: DossierClaim | undefined;
}

export interface ConsoleQueue {
  readonly counts: Readonly<Record<QueueState, number>>;
  /** Matching dossiers, oldest submission first. */
  readonly rows: readonly QueueRow[];
}

/**
 * The console's queue: how many dossiers are in each state, and the ones in `state` that pass the filter
 * (the same RosterFilter the exports apply, so an export of the queue is what the queue shows), oldest
 * submission first, with who has claimed each. Read through the queue index, not whole records.
 */
export async function listConsoleQueue(
  deps: Pick<AppDeps, 'flow' | 'clock'> & {
    readonly claims: DossierClaims;
    readonly queueIndex: DossierQueueIndex;
  },
  state: QueueState,
  filter: RosterFilter,
): Promise<ConsoleQueue> {
  const now = deps.clock.now();
  const [entries, claims] = await Promise.all([
    deps.queueIndex.entries(QUEUE_STATES),
    deps.claims.running(now),
  ]);
  const counts = { submitted: 0, returned: 0, approved: 0, rejected: 0 };
  for (const entry of entries) counts[entry.state as QueueState] += 1;
  const claimOf = new Map(claims.map((c) => [c.applicantId, c]));
  const inState = { ...filter, states: [state] };
  const rows: QueueRow[] = [];
  for (const entry of entries) {
    // Cheap refusals first: the exam and the category have no default, so a different answer never matches.
    if (entry.state !== state) continue;
    if (filter.exam !== undefined && entry.answers.target !== filter.exam) continue;
    if (filter.category !== undefined && entry.answers.category !== filter.category) continue;
    const applicant = asApplicant(entry, now);
    if (!matchesRosterFilter(deps.flow, applicant, inState, now)) continue;
    const submitted = Date.parse(entry.submittedAt ?? '');
    rows.push({
      applicant,
      waitingMs: Number.isNaN(submitted) ? undefined : now.getTime() - submitted,
      claim: claimOf.get(entry.userId),
    });
  }
  rows.sort(
    (a, b) =>
      (a.applicant.dossier.submittedAt ?? '').localeCompare(b.applicant.dossier.submittedAt ?? '') ||
      a.applicant.userId - b.applicant.userId,
  );
  return { counts, rows };
}

function asApplicant(entry: QueueEntry, now: Date): Applicant {
  const blank = newApplicant({ userId: entry.userId, chatId: entry.userId, lang: 'zh', flowId: '', now });
  return {
    ...blank,
    answers: { ...entry.answers },
    dossier: { ...blank.dossier, state: entry.state, submittedAt: entry.submittedAt },
  };
}
