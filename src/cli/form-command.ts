import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { type FormFill, parseFormFill } from '../domain/form-fill.js';
import { InputError, UsageError } from '../errors.js';
import { resolveFlowPath } from '../flows/flow-file.js';
import { loadFlow } from '../flows/load-flow.js';
import { findUndrawableChar } from '../forms/form-font.js';
import { FORM_KINDS, type FormKind } from '../forms/form-text.js';
import { renderForm } from '../forms/render-form.js';
import type { CliCommand } from './command.js';
import { parseCliArgs, requireOption } from './parse-args.js';

const USAGE = `Usage: nmle form <attachment2|attachment3|attachment4> --out <file.pdf> [--fill <file.json>] [--flow <file>]

Writes one of the notice's attached forms as a one-page A4 PDF laid out like the notice, its Chinese text
embedded (pdftotext reads it back):
  attachment2   附件2 医师资格考试试用期考核证明
  attachment3   附件3 执业助理医师报考执业医师执业期考核证明
  attachment4   附件4 临床实践训练经历满一年证明及个人承诺书

  --out <file>    where to write the PDF (overwritten)
  --fill <file>   fill the candidate's part from a JSON object; every field optional:
                    name, gender, birth (YYYY-MM), ethnicity, major, education, educationDate (YYYY-MM),
                    idNumber (18 characters, GB 11643 check digit verified), category,
                    school, graduationDate (YYYY-MM-DD), phone
                  附件2/3 use name … category; 附件4 uses school, major, graduationDate, idNumber, phone.
  --flow <file>   a flow file instead of the current one; the form must be among its forms

Exit status: 0 written, 2 usage or input error (e.g. an idNumber whose check digit is wrong).`;

/** The flow names the notice's 附件N `annexN`. */
const toFlowFormId = (kind: FormKind): string => kind.replace('attachment', 'annex');

export const formCommand: CliCommand = {
  name: 'form',
  summary: "write one of the notice's forms (附件2–4) as a PDF, optionally filled",
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseCliArgs(
      args,
      { out: { type: 'string' }, fill: { type: 'string' }, flow: { type: 'string' } },
      true,
    );
    const [kind, extra] = positionals;
    const expected = `expected one of: ${FORM_KINDS.join(', ')}`;
    if (kind === undefined) throw new UsageError(`which form? ${expected} (see --help)`);
    if (!FORM_KINDS.includes(kind as FormKind)) throw new UsageError(`unknown form "${kind}"; ${expected}`);
    if (extra !== undefined) throw new UsageError(`unexpected argument "${extra}" (see --help)`);
    const out = requireOption(values.out, 'out', 'the PDF file to write');

    const flowFile = resolveFlowPath(values.flow ?? io.env.FLOW, io.cwd);
    const flow = await loadFlow(flowFile, io.cwd);
    const form = flow.forms[toFlowFormId(kind as FormKind)];
    if (!form)
      throw new UsageError(
        `${kind}: the flow has no form ${toFlowFormId(kind as FormKind)} (its forms: ${Object.keys(flow.forms).join(', ') || 'none'})`,
      );
    const fill = values.fill === undefined ? {} : await readFill(values.fill, io.cwd);

    const pdf = await renderForm(kind as FormKind, fill, { title: form.name.zh });
    try {
      await writeFile(resolve(io.cwd, out), pdf);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      throw new InputError(`cannot write the PDF (${code})`, out, { cause: error });
    }
    io.stdout(`${out}: ${form.name.zh}, ${pdf.length} bytes\n`);
    return 0;
  },
};

/** Reads and checks the fill file; the first bad field is one InputError naming it. */
async function readFill(file: string, cwd: string): Promise<FormFill> {
  let input: unknown;
  try {
    input = JSON.parse(await readFile(resolve(cwd, file), 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const problem =
      code === 'ENOENT'
        ? 'no such file'
        : code
          ? `cannot read: ${code}`
          : `not valid JSON (${(error as Error).message})`;
    throw new InputError(problem, file, { cause: error });
  }
  const parsed = parseFormFill(input);
  if (!parsed.ok) throw new InputError(parsed.message, `${file}: ${parsed.field}`);
  for (const [field, value] of Object.entries(parsed.fill)) {
    const char = findUndrawableChar(String(value));
    if (char !== undefined)
      throw new InputError(
        `no font here has the character "${char}" (U+${char.codePointAt(0)?.toString(16).toUpperCase()}); leave the field out and write it by hand`,
        `${file}: ${field}`,
      );
  }
  return parsed.fill;
}
