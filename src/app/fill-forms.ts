import type { Applicant } from '../domain/applicant.js';
import { pendingQuestion } from '../domain/applicant-progress.js';
import type { Form } from '../domain/flow.js';
import {
  type FillInput,
  type FillStep,
  fieldsToFill,
  formsOfChecklist,
  stepFormFill,
} from '../domain/form-questions.js';
import type { AppDeps } from './app-deps.js';
import type { FormPrinter } from './ports/form-printer.js';

export type FormsDeps = Pick<AppDeps, 'flow' | 'clock' | 'applicants'> & { readonly printer: FormPrinter };

/** One form of the checklist: its PDF (named for saving), or, when it cannot be printed here, its instruction. */
export type FormCopy =
  | { readonly id: string; readonly form: Form; readonly fileName: string; readonly pdf: Uint8Array }
  | { readonly id: string; readonly form: Form; readonly pdf?: undefined };

export type FormsOutcome =
  | { readonly kind: 'unknown' | 'not_ready' | 'none' }
  | {
      readonly kind: 'forms';
      readonly copies: readonly FormCopy[];
      /** Whether any form asks the candidate's details, and whether some are already given. */
      readonly fillable: boolean;
      readonly filled: boolean;
    };

/** `附件2《医师资格考试试用期考核证明》` → `附件2_医师资格考试试用期考核证明.pdf`. */
const fileNameOf = (form: Form) =>
  `${form.name.zh
    .replace(/[《》〈〉<>:"/\\|?*]/g, ' ')
    .trim()
    .replace(/\s+/g, '_')}.pdf`;

/** The applicant's forms, filled with what they gave so far (`/forms`). */
export async function printApplicantForms(deps: FormsDeps, userId: number): Promise<FormsOutcome> {
  const applicant = await deps.applicants.get(userId);
  if (!applicant) return { kind: 'unknown' };
  if (pendingQuestion(deps.flow, applicant)) return { kind: 'not_ready' };
  const ids = formsOfChecklist(deps.flow, applicant);
  if (ids.length === 0) return { kind: 'none' };
  return {
    kind: 'forms',
    copies: await printForms(deps, applicant, ids),
    fillable: fieldsToFill(deps.flow, applicant).length > 0,
    filled: Object.keys(applicant.formFill ?? {}).length > 0,
  };
}

async function printForms(
  deps: FormsDeps,
  applicant: Applicant,
  ids: readonly string[],
): Promise<FormCopy[]> {
  const copies: FormCopy[] = [];
  for (const id of ids) {
    const form = deps.flow.forms[id] as Form;
    if (!deps.printer.canPrint(id)) {
      copies.push({ id, form });
      continue;
    }
    const pdf = await deps.printer.print(id, applicant.formFill ?? {}, form.name.zh);
    copies.push({ id, form, fileName: fileNameOf(form), pdf });
  }
  return copies;
}

/**
 * One step of filling in the forms' details (start, a typed or chosen answer, skip, stop), applied to the
 * applicant's record as a unit; undefined when there is no applicant.
 */
export function fillFormDetails(
  deps: FormsDeps,
  userId: number,
  input: FillInput,
): Promise<FillStep | undefined> {
  return deps.applicants.update<FillStep | undefined>(userId, (current) => {
    if (!current) return { result: undefined };
    const step = stepFormFill(deps.flow, current, input, deps.clock.now(), deps.printer.undrawable);
    return step.ok ? { record: step.applicant, result: step } : { result: step };
  });
}
