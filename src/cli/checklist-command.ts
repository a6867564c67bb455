import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { buildChecklist, type Checklist } from '../domain/checklist.js';
import { checklistText } from '../domain/checklist-text.js';
import { parseFacts } from '../domain/facts.js';
import { LANGS, type Lang } from '../domain/text.js';
import { InputError, UsageError } from '../errors.js';
import { resolveFlowPath } from '../flows/flow-file.js';
import { loadFlow } from '../flows/load-flow.js';
import type { CliCommand } from './command.js';
import { parseCliArgs, requireOption } from './parse-args.js';

const USAGE = `Usage: nmle checklist --facts <file.json> [--flow <file>] [--json] [--lang zh|en]

Prints what an applicant must submit under the flow's rules (default: the current file in flows/).

  --facts <file>   the applicant's facts as a JSON object (see README, "Facts")
  --flow <file>    a flow file instead of the current one (FLOW in the environment also works)
  --json           one JSON object: { eligible, reasons, materials, notes, route, helplines, window }
  --lang zh|en     language of the texts (default zh)

Exit status: 0 answered (eligible or not), 2 usage or input error.`;

export const checklistCommand: CliCommand = {
  name: 'checklist',
  summary: 'what an applicant must submit, from a facts file',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseCliArgs(args, {
      facts: { type: 'string' },
      flow: { type: 'string' },
      json: { type: 'boolean', default: false },
      lang: { type: 'string', default: 'zh' },
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}" (see --help)`);
    const factsFile = requireOption(values.facts, 'facts', 'a JSON file of the applicant’s facts');
    const lang = values.lang as Lang;
    if (!LANGS.includes(lang))
      throw new UsageError(`--lang: expected one of ${LANGS.join(', ')}; got "${values.lang}"`);

    const flow = await loadFlow(resolveFlowPath(values.flow ?? io.env.FLOW, io.cwd), io.cwd);
    const parsed = parseFacts(flow, await readJson(factsFile, io.cwd));
    if (!parsed.ok) throw new InputError(parsed.message, `${factsFile}: ${parsed.field}`);
    const checklist = buildChecklist(flow, parsed.facts);

    io.stdout(
      values.json
        ? `${JSON.stringify(toChecklistJson(checklist, lang, { ...flow.window, timezone: flow.timezone }))}\n`
        : `${checklistText(flow, checklist, lang, parsed.facts)}\n`,
    );
    return 0;
  },
};

/** The contract's JSON form of a checklist; fields after `notes` are additions. */
export function toChecklistJson(
  checklist: Checklist,
  lang: Lang,
  window: { start: string; end: string; timezone: string },
) {
  return {
    eligible: checklist.eligible,
    reasons: checklist.reasons.map((r) => r[lang]),
    materials: checklist.materials.map((m) => ({
      id: m.id,
      title: m.title[lang],
      copies: m.copies,
      photos: { min: m.photos.min, max: m.photos.max },
      ...(m.form && { form: m.form.name[lang] }),
    })),
    notes: checklist.notes.map((n) => n[lang]),
    route: checklist.route ? { id: checklist.route.id, section: checklist.route.section } : null,
    helplines: checklist.helplines.map((h) => ({ label: h.label[lang], phone: h.phone })),
    window,
  };
}

async function readJson(file: string, cwd: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(resolve(cwd, file), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(code === 'ENOENT' ? 'no such file' : `cannot read: ${code ?? 'error'}`, file, {
      cause: error,
    });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(`not valid JSON (${(error as Error).message})`, file, { cause: error });
  }
}
