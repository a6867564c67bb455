import type { Applicant } from '../domain/applicant.js';
import { checklistOf } from '../domain/applicant-progress.js';
import type { FactValue } from '../domain/condition.js';
import type { DossierState } from '../domain/dossier.js';
import type { Flow } from '../domain/flow.js';
import { nextQuestion, relevantQuestions } from '../domain/interview.js';
import type { Text } from '../domain/text.js';

/**
 * Which applicants a roster, a photo export or the console's queue shows. Every field is optional and they
 * all must hold (an empty filter lets everyone through). Values are the flow's ids, never its labels, so a
 * filter survives a change of wording: `exam` is a value of the fact `target`, `category` of `category`,
 * `route` a route id of the flow.
 */
export interface RosterFilter {
  /** Dossier states to keep; empty or absent: every state. */
  readonly states?: readonly DossierState[];
  readonly exam?: string;
  readonly category?: string;
  readonly route?: string;
  /** Only dossiers submitted and still undecided for longer than WAITING_LONG_MS. */
  readonly waitingLong?: boolean;
  /**
   * Special cases, as facts that must have these values (defaults and the questions that no longer apply
   * counted as the checklist counts them): `{ idCardLost: true }`, `{ graduateStatus: 'graduating_this_year' }`.
   * See specialCases for the ones a flow offers.
   */
  readonly facts?: Readonly<Record<string, FactValue>>;
  /** A user id (or its beginning) or part of the name; blanks around it are ignored, letters in any case. */
  readonly search?: string;
}

/** How long a submitted dossier waits before it counts as waiting long (the queue's "over 24 h"). */
export const WAITING_LONG_MS = 24 * 60 * 60 * 1000;

/** Whether the applicant answered every question that applies to them (they have a checklist). */
export function hasFinishedInterview(flow: Flow, applicant: Applicant): boolean {
  return nextQuestion(flow, applicant.answers) === undefined;
}

/**
 * The applicant's name when it is known: the one they gave for the printed forms (/forms), else a fact
 * `name` should a flow ask for it. Telegram's display name is not kept: it is not the legal name.
 */
export function applicantName(applicant: Applicant): string | undefined {
  const name = applicant.formFill?.name ?? applicant.answers.name;
  return typeof name === 'string' && name.trim() !== '' ? name.trim() : undefined;
}

/** Whether the dossier was submitted more than WAITING_LONG_MS before `now` and is still waiting. */
export function isWaitingLong(applicant: Applicant, now: Date): boolean {
  const { state, submittedAt } = applicant.dossier;
  if (state !== 'submitted' || submittedAt === undefined) return false;
  const at = Date.parse(submittedAt);
  return !Number.isNaN(at) && now.getTime() - at > WAITING_LONG_MS;
}

/** Whether one applicant passes the filter at `now` (the time "waiting long" is measured to). */
export function matchesRosterFilter(
  flow: Flow,
  applicant: Applicant,
  filter: RosterFilter,
  now: Date,
): boolean {
  const { states, exam, category, route, waitingLong, facts, search } = filter;
  if (states && states.length > 0 && !states.includes(applicant.dossier.state)) return false;
  if (waitingLong && !isWaitingLong(applicant, now)) return false;
  if (search !== undefined && !matchesSearch(applicant, search)) return false;
  const needsFacts = exam !== undefined || category !== undefined || facts !== undefined;
  if (needsFacts) {
    const known = relevantQuestions(flow, applicant.answers).facts;
    if (exam !== undefined && known.target !== exam) return false;
    if (category !== undefined && known.category !== category) return false;
    for (const [fact, value] of Object.entries(facts ?? {})) if (known[fact] !== value) return false;
  }
  if (route !== undefined && checklistOf(flow, applicant).route?.id !== route) return false;
  return true;
}

function matchesSearch(applicant: Applicant, search: string): boolean {
  const query = search.trim().toLowerCase();
  if (query === '') return true;
  if (String(applicant.userId).startsWith(query)) return true;
  return applicantName(applicant)?.toLowerCase().includes(query) ?? false;
}

/** One special case a filter can ask for: a fact and the value it must have, with its label. */
export interface SpecialCase {
  readonly fact: string;
  readonly value: FactValue;
  readonly label: Text;
}

/**
 * The special cases the flow's facts offer to a filter: each yes/no fact that defaults to no (身份证丢失,
 * 毕业证书丢失, …) and each value of the enumerated facts other than the exam and the category, which have
 * filters of their own (研究生报考情形：毕业当年报考, …). Derived from the flow, so next year's flow brings its own.
 */
export function specialCases(flow: Flow): SpecialCase[] {
  const cases: SpecialCase[] = [];
  for (const [fact, def] of Object.entries(flow.facts)) {
    if (def.type === 'boolean' && def.default !== true) cases.push({ fact, value: true, label: def.label });
    if (def.type === 'enum' && fact !== 'target' && fact !== 'category')
      for (const [value, valueLabel] of Object.entries(def.values))
        cases.push({
          fact,
          value,
          label: { zh: `${def.label.zh}：${valueLabel.zh}`, en: `${def.label.en}: ${valueLabel.en}` },
        });
  }
  return cases;
}
