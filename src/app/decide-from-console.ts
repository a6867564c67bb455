import type { Applicant } from '../domain/applicant.js';
import { checklistOf } from '../domain/applicant-progress.js';
import { localize } from '../domain/text.js';
import type { AppDeps } from './app-deps.js';
import { type DecideOutcome, type Decision, decideDossier } from './decide-dossier.js';
import type { AuditEntry, AuditLog } from './ports/audit-log.js';
import type { DossierClaims } from './ports/dossier-claims.js';

/** A material marked to redo, with the template reasons picked for it (ids of the flow's reviewReasons). */
export interface RedoMark {
  readonly material: string;
  readonly reasons: readonly string[];
}

/** A decision as the console's forms make it: the text for the applicant and an internal note kept apart. */
export type ConsoleDecision =
  | { readonly type: 'approve'; readonly note: string }
  | {
      readonly type: 'return';
      readonly redo: readonly RedoMark[];
      /** Free text for the applicant, after the materials' reasons. */
      readonly feedback: string;
      readonly note: string;
    }
  | { readonly type: 'reject'; readonly reason: string; readonly note: string };

export type ConsoleDecideOutcome =
  | DecideOutcome
  /** Refused before deciding: what the form lacks (nothing is changed). */
  | { readonly ok: false; readonly invalid: InvalidDecision; readonly applicant: Applicant | undefined };

/**
 * `no_material`: a return marks nothing to redo; `unknown_material`: it marks a material not on the
 * applicant's checklist; `no_reason`: a rejection without a reason.
 */
export type InvalidDecision = 'no_material' | 'unknown_material' | 'no_reason';

type Deps = Pick<AppDeps, 'flow' | 'clock' | 'applicants' | 'notifier'> & {
  readonly audit: AuditLog;
  readonly claims: DossierClaims;
};

/** Longest text kept of what a reviewer types. */
const MAX_TEXT = 1000;

/**
 * A reviewer decides in the console: the same use-case as in Telegram (decideDossier: same state change,
 * same alert through the outbox, only the first of two reviewers on one submission wins), then the audit
 * log records it — the dossier's move, and each material to redo with its reasons — and the reviewer's
 * claim is released. Nothing is recorded for a decision that did not happen.
 */
export async function decideFromConsole(
  deps: Deps,
  reviewerId: number,
  applicantId: number,
  stamp: string,
  input: ConsoleDecision,
): Promise<ConsoleDecideOutcome> {
  const current = await deps.applicants.get(applicantId);
  const note = input.note.trim().slice(0, MAX_TEXT);
  let decision: Decision;
  if (input.type === 'return') {
    if (!current) return { ok: false, applicant: undefined };
    const onChecklist = new Set(checklistOf(deps.flow, current).materials.map((m) => m.id));
    const unknown = input.redo.find((r) => !onChecklist.has(r.material));
    if (unknown) return { ok: false, invalid: 'unknown_material', applicant: current };
    if (input.redo.length === 0) return { ok: false, invalid: 'no_material', applicant: current };
    decision = {
      type: 'return',
      feedback: returnFeedback(deps, current, input.redo, input.feedback),
      materials: input.redo.map((r) => r.material),
    };
  } else if (input.type === 'reject') {
    const reason = input.reason.trim().slice(0, MAX_TEXT);
    if (!reason) return { ok: false, invalid: 'no_reason', applicant: current };
    decision = { type: 'reject', reason };
  } else {
    decision = { type: 'approve' };
  }
  const outcome = await decideDossier(deps, applicantId, stamp, decision);
  if (!outcome.ok) return outcome;
  const at = deps.clock.now();
  const to = outcome.applicant.dossier.state;
  const entries: AuditEntry[] = [
    {
      at,
      reviewerId,
      applicantId,
      from: 'submitted',
      to,
      reason:
        decision.type === 'return'
          ? decision.feedback
          : decision.type === 'reject'
            ? decision.reason
            : undefined,
      note: note || undefined,
    },
  ];
  if (input.type === 'return')
    for (const mark of input.redo)
      entries.push({
        at,
        reviewerId,
        applicantId,
        material: mark.material,
        from: 'submitted',
        to: 'redo',
        reason: reasonTexts(deps, mark.reasons, 'zh').join('、') || undefined,
      });
  await deps.audit.append(entries);
  await deps.claims.release(applicantId, reviewerId);
  return outcome;
}

/**
 * What the applicant reads for a return, in their language: one line per material with the reasons picked,
 * then the reviewer's own words.
 */
function returnFeedback(deps: Deps, applicant: Applicant, redo: readonly RedoMark[], free: string): string {
  const { lang } = applicant;
  const lines = redo
    .map((mark) => {
      const reasons = reasonTexts(deps, mark.reasons, lang);
      if (reasons.length === 0) return undefined;
      const title = deps.flow.materials[mark.material]?.title[lang] ?? mark.material;
      const value = reasons.join(localize(deps.flow.texts.listSeparator, lang));
      return localize(deps.flow.texts.labelValue, lang, { label: title, value });
    })
    .filter((line) => line !== undefined);
  const said = free.trim();
  if (said) lines.push(said);
  return lines.join('\n').slice(0, MAX_TEXT);
}

function reasonTexts(deps: Deps, ids: readonly string[], lang: Applicant['lang']): string[] {
  return ids.flatMap((id) => {
    const reason = deps.flow.reviewReasons.find((r) => r.id === id);
    return reason ? [reason.text[lang]] : [];
  });
}
