import { type Applicant, newApplicant } from '../domain/applicant.js';
import { checklistOf } from '../domain/applicant-progress.js';
import type { DossierState } from '../domain/dossier.js';
import type { Flow } from '../domain/flow.js';
import type { AppDeps } from './app-deps.js';
import type { DossierClaim, DossierClaims } from './ports/dossier-claims.js';
import type { DossierQueueIndex, QueueEntry, QueueQuery } from './ports/dossier-queue-index.js';
import { matchesRosterFilter, type RosterFilter, WAITING_LONG_MS } from './roster-filter.js';

/** The states the console's queue counts and lists: every dossier a reviewer has seen or will see. */
export const QUEUE_STATES = [
  'submitted',
  'returned',
  'approved',
  'rejected',
] as const satisfies readonly DossierState[];
export type QueueState = (typeof QUEUE_STATES)[number];

/** Rows of one queue page; the rest are counted, and the filters narrow them. */
export const QUEUE_PAGE_ROWS = 200;

export interface QueueRow {
  /**
   * The dossier as the queue lists it: user id, state, submission time and answers on a blank record (the
   * pictures and the rest are not read), enough for the filters and the queue's row.
   */
  readonly applicant: Applicant;
  /** The section of the notice the applicant's answers lead to, e.g. （一）. */
  readonly routeSection: string | undefined;
  /** Since submission, at the time of the listing. */
  readonly waitingMs: number | undefined;
  readonly claim: DossierClaim | undefined;
}

export interface ConsoleQueue {
  readonly counts: Readonly<Record<QueueState, number>>;
  /** The first QUEUE_PAGE_ROWS matching dossiers, oldest submission first. */
  readonly rows: readonly QueueRow[];
  /** How many dossiers match in all. */
  readonly total: number;
}

/**
 * The console's queue: how many dossiers are in each state, and the first page of those in `state` that
 * pass the filter (the same RosterFilter the exports apply, so an export of the queue is what the queue
 * shows), oldest submission first, with who has claimed each. The database narrows by state, exam, category
 * and waiting time, and counts and pages when nothing else is asked; route, special cases and the search
 * are the flow's to judge, once per distinct set of answers (thousands of dossiers share a few dozen).
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
  const query: QueueQuery = {
    state,
    ...(filter.exam !== undefined && { exam: filter.exam }),
    ...(filter.category !== undefined && { category: filter.category }),
    ...(filter.waitingLong && { submittedBefore: new Date(now.getTime() - WAITING_LONG_MS).toISOString() }),
  };
  // Waiting long is a submitted dossier's: in another state nothing waits.
  const none = filter.waitingLong === true && state !== 'submitted';
  const judged = new Map<string, { matches: boolean; routeSection: string | undefined }>();
  const judge = (entry: QueueEntry) => {
    const key = JSON.stringify(entry.answers);
    let verdict = judged.get(key);
    if (!verdict) {
      const applicant = asApplicant(entry, now);
      const { exam, category, route, facts } = filter;
      verdict = {
        matches: matchesRosterFilter(deps.flow, applicant, { exam, category, route, facts }, now),
        routeSection: checklistOf(deps.flow, applicant).route?.section,
      };
      judged.set(key, verdict);
    }
    return verdict;
  };
  // Only the flow can say whether answers match (an answer it no longer asks for does not count): the
  // database narrows, the flow judges every narrowed match, so the count is exact. Without such a filter
  // the database counts and pages alone.
  const byFlow =
    [filter.exam, filter.category, filter.route, filter.facts].some((f) => f !== undefined) ||
    (filter.search ?? '').trim() !== '';
  const [counts, claims, found] = await Promise.all([
    deps.queueIndex.counts(QUEUE_STATES),
    deps.claims.running(now),
    none
      ? { total: 0, entries: [] }
      : deps.queueIndex.find(query, byFlow ? undefined : { offset: 0, limit: QUEUE_PAGE_ROWS }),
  ]);
  const claimOf = new Map(claims.map((c) => [c.applicantId, c]));
  const rows: QueueRow[] = [];
  let total = 0;
  for (const entry of found.entries) {
    const verdict = judge(entry);
    if (!verdict.matches) continue;
    if (filter.search !== undefined && !matchesSearch(deps.flow, entry, filter.search, now)) continue;
    total += 1;
    if (rows.length >= QUEUE_PAGE_ROWS) continue;
    const applicant = asApplicant(entry, now);
    const submitted = Date.parse(entry.submittedAt ?? '');
    rows.push({
      applicant,
      routeSection: verdict.routeSection,
      waitingMs: Number.isNaN(submitted) ? undefined : now.getTime() - submitted,
      claim: claimOf.get(entry.userId),
    });
  }
  const queueCounts = {
    submitted: counts.submitted,
    returned: counts.returned,
    approved: counts.approved,
    rejected: counts.rejected,
  };
  return { counts: queueCounts, rows, total: byFlow ? total : found.total };
}

/** The search alone (user id or name), which differs between dossiers with the same answers. */
function matchesSearch(flow: Flow, entry: QueueEntry, search: string, now: Date): boolean {
  return matchesRosterFilter(flow, asApplicant(entry, now), { search }, now);
}

function asApplicant(entry: QueueEntry, now: Date): Applicant {
  const blank = newApplicant({ userId: entry.userId, chatId: entry.userId, lang: 'zh', flowId: '', now });
  return {
    ...blank,
    answers: { ...entry.answers },
    dossier: { ...blank.dossier, state: entry.state, submittedAt: entry.submittedAt },
  };
}
