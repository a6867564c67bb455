import type { Applicant } from '../domain/applicant.js';
import { checklistOf } from '../domain/applicant-progress.js';
import { answerLabel } from '../domain/checklist-text.js';
import type { DossierState } from '../domain/dossier.js';
import type { Flow, FlowTexts } from '../domain/flow.js';
import { relevantQuestions } from '../domain/interview.js';
import { zonedDate, zonedMinutes } from '../domain/review-window.js';
import type { Text } from '../domain/text.js';
import type { AppDeps } from './app-deps.js';
import {
  applicantName,
  hasFinishedInterview,
  matchesRosterFilter,
  type RosterFilter,
} from './roster-filter.js';

/**
 * One column of the roster. `text` cells hold what must stay as written (ids, names, labels, times: a
 * spreadsheet must not turn `0012345X` into a number); `count` cells hold whole numbers.
 */
export interface RosterColumn {
  readonly key: string;
  readonly title: Text;
  readonly kind: 'text' | 'count';
}

/** One applicant's row: a cell per column, in the columns' order; '' where nothing is known. */
export type RosterRow = readonly (string | number)[];

export interface Roster {
  readonly columns: readonly RosterColumn[];
  readonly rows: readonly RosterRow[];
}

const FIXED_COLUMNS: readonly RosterColumn[] = [
  { key: 'userId', title: { zh: '用户ID', en: 'User id' }, kind: 'text' },
  { key: 'name', title: { zh: '姓名', en: 'Name' }, kind: 'text' },
  { key: 'exam', title: { zh: '报考类别', en: 'Exam' }, kind: 'text' },
  { key: 'category', title: { zh: '考试类别', en: 'Category' }, kind: 'text' },
  { key: 'route', title: { zh: '审核依据', en: 'Route' }, kind: 'text' },
  { key: 'state', title: { zh: '审核状态', en: 'Dossier state' }, kind: 'text' },
  { key: 'submittedAt', title: { zh: '提交时间', en: 'Submitted at' }, kind: 'text' },
  { key: 'decidedAt', title: { zh: '审核时间', en: 'Decided at' }, kind: 'text' },
];

/**
 * The roster's columns: the fixed ones, then one per material of the flow's catalogue (its picture count),
 * in the catalogue's order, so every row of every applicant lines up whatever their checklist.
 */
export function rosterColumns(flow: Flow): RosterColumn[] {
  return [
    ...FIXED_COLUMNS,
    ...Object.entries(flow.materials).map(([id, material]) => ({
      key: `material:${id}`,
      title: material.title,
      kind: 'count' as const,
    })),
  ];
}

const STATE_TEXTS: Record<DossierState, keyof FlowTexts> = {
  draft: 'stateDraft',
  submitted: 'stateSubmitted',
  returned: 'stateReturned',
  approved: 'stateApproved',
  rejected: 'stateRejected',
};

/** One applicant's row, in Chinese as the exam office files it; times local to the flow's time zone. */
export function rosterRowOf(flow: Flow, applicant: Applicant): RosterRow {
  const facts = relevantQuestions(flow, applicant.answers).facts;
  const label = (fact: string) => {
    const value = facts[fact];
    return value === undefined ? '' : answerLabel(flow, fact, value, 'zh');
  };
  const route = checklistOf(flow, applicant).route;
  const { dossier } = applicant;
  const counts = new Map<string, number>();
  for (const photo of dossier.photos) counts.set(photo.materialId, (counts.get(photo.materialId) ?? 0) + 1);
  return [
    String(applicant.userId),
    applicantName(applicant) ?? '',
    label('target'),
    label('category'),
    route ? `${route.section} ${route.title.zh}` : '',
    flow.texts[STATE_TEXTS[dossier.state]].zh,
    localTime(flow, dossier.submittedAt),
    localTime(flow, decidedAt(applicant)),
    ...Object.keys(flow.materials).map((id) => counts.get(id) ?? 0),
  ];
}

/**
 * When the current state was decided, for a decided dossier: the time each decision records. A record
 * approved before approvals kept their time falls back on its `updatedAt` (after an approval the dossier is
 * locked for good; only the language, the forms' details or the inactive flag could have moved it on).
 */
function decidedAt(applicant: Applicant): string | undefined {
  const { dossier } = applicant;
  switch (dossier.state) {
    case 'returned':
      return dossier.feedback?.at;
    case 'rejected':
      return dossier.rejection?.at;
    case 'approved':
      return dossier.approvedAt ?? applicant.updatedAt;
    default:
      return undefined;
  }
}

/** `2020-03-25 10:00` in the flow's time zone (Asia/Shanghai); '' for no time or one that does not parse. */
export function localTime(flow: Pick<Flow, 'timezone'>, iso: string | undefined): string {
  if (iso === undefined) return '';
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) return '';
  const minutes = zonedMinutes(instant, flow.timezone);
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mm = String(minutes % 60).padStart(2, '0');
  return `${zonedDate(instant, flow.timezone)} ${hh}:${mm}`;
}

/**
 * The applicants a roster or photo export covers: those who finished the interview and pass the filter, in
 * the queue's order (oldest submission first, never-submitted last, then by user id).
 */
export async function selectApplicants(
  deps: Pick<AppDeps, 'flow' | 'applicants' | 'clock'>,
  filter: RosterFilter,
): Promise<Applicant[]> {
  const { flow } = deps;
  const now = deps.clock.now();
  const listed =
    filter.states && filter.states.length > 0
      ? await deps.applicants.listByState(filter.states)
      : await deps.applicants.all();
  return listed
    .filter((a) => hasFinishedInterview(flow, a) && matchesRosterFilter(flow, a, filter, now))
    .sort(queueOrder);
}

/** Oldest submission first (the review queue's order), never-submitted last, then by user id. */
function queueOrder(a: Applicant, b: Applicant): number {
  const aAt = a.dossier.submittedAt;
  const bAt = b.dossier.submittedAt;
  if (aAt !== bAt) {
    if (aAt === undefined) return 1;
    if (bAt === undefined) return -1;
    return aAt < bAt ? -1 : 1;
  }
  return a.userId - b.userId;
}

/** The roster of the applicants the filter selects (see selectApplicants): columns and one row each. */
export async function listRoster(
  deps: Pick<AppDeps, 'flow' | 'applicants' | 'clock'>,
  filter: RosterFilter = {},
): Promise<Roster> {
  const applicants = await selectApplicants(deps, filter);
  return { columns: rosterColumns(deps.flow), rows: applicants.map((a) => rosterRowOf(deps.flow, a)) };
}
