import { z } from 'zod';
import { checkIdNumber } from './id-number.js';

/**
 * What a candidate may fill in on the notice's forms (附件2/3: the part above the black line; 附件4: the
 * blanks of the paragraph and the promise's lines). Every field is optional: an absent one stays blank for
 * the pen.
 */

/** A short line of text that fits a cell: no line breaks or control characters. */
const CellTextSchema = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'expected a non-empty text')
    .max(max, `expected at most ${max} characters`)
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses.
    .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'expected one line of text, without control characters');

const isRealDate = (year: number, month: number, day: number): boolean => {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
};

const YearMonthSchema = z
  .string()
  .trim()
  .refine(
    (s) => /^(19|20)\d{2}-(0[1-9]|1[0-2])$/.test(s),
    'expected a year and month as YYYY-MM, e.g. 1996-07',
  );

const DateSchema = z
  .string()
  .trim()
  .refine((s) => {
    const m = /^((?:19|20)\d{2})-(\d{2})-(\d{2})$/.exec(s);
    return m !== null && isRealDate(Number(m[1]), Number(m[2]), Number(m[3]));
  }, 'expected a date as YYYY-MM-DD, e.g. 2020-06-30');

const IdNumberSchema = z
  .string()
  .trim()
  .transform((s, ctx) => {
    const checked = checkIdNumber(s);
    if (checked.ok) return checked.idNumber;
    ctx.addIssue({ code: 'custom', message: checked.message });
    return z.NEVER;
  });

export const FormFillSchema = z
  .object({
    name: CellTextSchema(20),
    gender: CellTextSchema(4),
    birth: YearMonthSchema,
    ethnicity: CellTextSchema(10),
    major: CellTextSchema(30),
    education: CellTextSchema(12),
    educationDate: YearMonthSchema,
    idNumber: IdNumberSchema,
    category: CellTextSchema(30),
    school: CellTextSchema(30),
    graduationDate: DateSchema,
    phone: z
      .string()
      .trim()
      .refine((s) => /^\+?\d[\d -]{4,18}\d$/.test(s), 'expected a phone number of digits, e.g. 13800138000'),
  })
  .partial()
  .strict();
export type FormFill = z.infer<typeof FormFillSchema>;

export type FormFillField = keyof FormFill;

/** The names of the fillable fields, in the order the forms ask for them. */
export const FORM_FILL_FIELDS = Object.keys(FormFillSchema.shape) as readonly FormFillField[];

export type FormFillParseResult =
  | { readonly ok: true; readonly fill: FormFill }
  | { readonly ok: false; readonly field: string; readonly message: string };

/** Parses what the candidate filled in; the first problem names its field. */
export function parseFormFill(input: unknown): FormFillParseResult {
  const result = FormFillSchema.safeParse(input);
  if (result.success) return { ok: true, fill: result.data };
  const issue = result.error.issues[0];
  if (issue?.code === 'unrecognized_keys')
    return {
      ok: false,
      field: issue.keys.join(', '),
      message: `unknown field; expected one of: ${FORM_FILL_FIELDS.join(', ')}`,
    };
  const field = issue?.path.map(String).join('.') || '(fill)';
  return { ok: false, field, message: issue?.message ?? 'invalid' };
}
