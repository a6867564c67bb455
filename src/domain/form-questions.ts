import type { Applicant } from './applicant.js';
import { checklistOf, pendingQuestion } from './applicant-progress.js';
import type { Flow, TextKey } from './flow.js';
import { type FormFill, type FormFillField, FormFillSchema } from './form-fill.js';
import { checkIdNumber } from './id-number.js';

/**
 * The short, skippable questions that fill the candidate's part of the forms in their checklist before they
 * print them (`/forms`). Which fields a form asks is the flow's (`forms.<id>.fill`); how an answer is read
 * and checked is here, the same rules `nmle form --fill` applies.
 */

/** The forms of the applicant's checklist, in checklist order; none until the interview is done and eligible. */
export function formsOfChecklist(flow: Flow, applicant: Applicant): string[] {
  if (pendingQuestion(flow, applicant)) return [];
  const checklist = checklistOf(flow, applicant);
  if (!checklist.eligible) return [];
  const ids: string[] = [];
  for (const m of checklist.materials) if (m.form && !ids.includes(m.form.id)) ids.push(m.form.id);
  return ids;
}

/** The fields the applicant's forms ask, each once, in the order the flow lists them. */
export function fieldsToFill(flow: Flow, applicant: Applicant): FormFillField[] {
  return [...new Set(formsOfChecklist(flow, applicant).flatMap((id) => flow.forms[id]?.fill ?? []))];
}

/** The question text of each field. */
export const FIELD_PROMPTS: Record<FormFillField, TextKey> = {
  name: 'fillName',
  gender: 'fillGender',
  birth: 'fillBirth',
  ethnicity: 'fillEthnicity',
  major: 'fillMajor',
  education: 'fillEducation',
  educationDate: 'fillEducationDate',
  idNumber: 'fillIdNumber',
  category: 'fillCategory',
  school: 'fillSchool',
  graduationDate: 'fillGraduationDate',
  phone: 'fillPhone',
};

/** Answers offered as buttons (the forms are printed in Chinese, so the values are Chinese in every language). */
export const FIELD_CHOICES: Partial<Record<FormFillField, readonly string[]>> = { gender: ['男', '女'] };

/** Why a typed answer was not taken: a text to show, with its values. */
export interface FillProblem {
  readonly text: TextKey;
  readonly vars?: Record<string, string | number>;
}

const fullWidthToAscii = (s: string) =>
  s.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode((c.codePointAt(0) as number) - 0xfee0));

/** `1996-7`, `1996.07`, `1996/7`, `1996年7月`, `199607` → `1996-07`; anything else is left for the check. */
function readYearMonth(s: string): string {
  const m = /^(\d{4})\s*(?:[-./年]\s*(\d{1,2})\s*月?|(\d{2}))$/.exec(s);
  const month = m?.[2] ?? m?.[3];
  return m && month ? `${m[1]}-${month.padStart(2, '0')}` : s;
}

/** `2020-6-30`, `2020.06.30`, `2020年6月30日`, `20200630` → `2020-06-30`. */
function readDate(s: string): string {
  const m =
    /^(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?$/.exec(s) ??
    /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  return m ? `${m[1]}-${(m[2] as string).padStart(2, '0')}-${(m[3] as string).padStart(2, '0')}` : s;
}

/** What the candidate typed, as the field's value: full-width digits and letters made plain, dates read. */
function normalise(field: FormFillField, typed: string): string {
  const text = fullWidthToAscii(typed.trim()).replace(/\s+/g, ' ');
  if (field === 'birth' || field === 'educationDate') return readYearMonth(text);
  if (field === 'graduationDate') return readDate(text);
  if (field === 'idNumber') return text.replace(/\s/g, '');
  return text;
}

/** The longest text a cell takes, from the fill schema, for the "at most n characters" answer. */
const maxLength = (field: FormFillField): number => {
  const probe = FormFillSchema.shape[field].safeParse('字'.repeat(200));
  const issue = probe.success ? undefined : probe.error.issues[0];
  return issue && 'maximum' in issue ? Number(issue.maximum) : 200;
};

/** Reads one typed answer: its value, or what to tell the candidate. */
export function readFillAnswer(
  field: FormFillField,
  typed: string,
  now: Date,
): { ok: true; value: string } | { ok: false; problem: FillProblem } {
  const value = normalise(field, typed);
  if (field === 'idNumber') {
    const checked = checkIdNumber(value, now);
    if (checked.ok) return { ok: true, value: checked.idNumber };
    if (checked.reason === 'format') return { ok: false, problem: { text: 'fillInvalidIdFormat' } };
    if (checked.reason === 'birth_date')
      return { ok: false, problem: { text: 'fillInvalidIdBirth', vars: { digits: value.slice(6, 14) } } };
    return { ok: false, problem: { text: 'fillInvalidIdCheck' } };
  }
  const parsed = FormFillSchema.shape[field].safeParse(value);
  if (parsed.success && parsed.data !== undefined) return { ok: true, value: String(parsed.data) };
  if (field === 'birth' || field === 'educationDate')
    return { ok: false, problem: { text: 'fillInvalidYearMonth' } };
  if (field === 'graduationDate') return { ok: false, problem: { text: 'fillInvalidDate' } };
  if (field === 'phone') return { ok: false, problem: { text: 'fillInvalidPhone' } };
  return { ok: false, problem: { text: 'fillInvalidText', vars: { max: maxLength(field) } } };
}

/** What the candidate does while filling. */
export type FillInput =
  | { readonly type: 'start' }
  | { readonly type: 'type'; readonly text: string }
  | { readonly type: 'skip'; readonly field: FormFillField }
  | { readonly type: 'choose'; readonly field: FormFillField; readonly choice: number }
  | { readonly type: 'stop' };

export type FillStep =
  /** `asking`: the next field to ask, undefined when the questions are over (print the forms). */
  | { readonly ok: true; readonly applicant: Applicant; readonly asking: FormFillField | undefined }
  | {
      readonly ok: false;
      /** not_filling: no question is open (typed text is someone else's); stale: an old button; none: no form asks anything. */
      readonly reason: 'not_filling' | 'stale' | 'none';
    }
  | {
      readonly ok: false;
      readonly reason: 'invalid';
      readonly applicant: Applicant;
      readonly asking: FormFillField;
      readonly problem: FillProblem;
    };

/**
 * One step of filling, applied to the applicant's record: start at the first field, take a typed or chosen
 * answer (checked; a value no font can print is refused through `undrawable`), skip a field (its earlier
 * value stays), or stop. Answers are kept as they are given, so stopping half-way keeps what was filled.
 */
export function stepFormFill(
  flow: Flow,
  applicant: Applicant,
  input: FillInput,
  now: Date,
  undrawable: (text: string) => string | undefined,
): FillStep {
  const fields = fieldsToFill(flow, applicant);
  const asking = applicant.fillingForm as FormFillField | undefined;
  const at = now.toISOString();
  const moveTo = (next: FormFillField | undefined, fill: FormFill = applicant.formFill ?? {}): FillStep => {
    const { fillingForm: _, ...rest } = applicant;
    const record: Applicant = { ...rest, formFill: fill, updatedAt: at, ...(next && { fillingForm: next }) };
    return { ok: true, applicant: record, asking: next };
  };
  const after = (field: FormFillField) => fields[fields.indexOf(field) + 1];

  if (input.type === 'start') return fields.length === 0 ? { ok: false, reason: 'none' } : moveTo(fields[0]);
  if (asking === undefined || !fields.includes(asking))
    return { ok: false, reason: input.type === 'type' ? 'not_filling' : 'stale' };
  if (input.type === 'stop') return moveTo(undefined);
  if ((input.type === 'skip' || input.type === 'choose') && input.field !== asking)
    return { ok: false, reason: 'stale' };
  if (input.type === 'skip') return moveTo(after(asking));

  let typed: string;
  if (input.type === 'choose') {
    const choice = FIELD_CHOICES[asking]?.[input.choice];
    if (choice === undefined) return { ok: false, reason: 'stale' };
    typed = choice;
  } else typed = input.text;
  const read = readFillAnswer(asking, typed, now);
  if (!read.ok) return { ok: false, reason: 'invalid', applicant, asking, problem: read.problem };
  const char = undrawable(read.value);
  if (char !== undefined) {
    const problem: FillProblem = { text: 'fillUndrawable', vars: { char } };
    return { ok: false, reason: 'invalid', applicant, asking, problem };
  }
  return moveTo(after(asking), { ...applicant.formFill, [asking]: read.value });
}
