import { relative } from 'node:path';
import { formatFlowProblem } from '../errors.js';
import { resolveFlowPath } from '../flows/flow-file.js';
import { checkFlowFile } from '../flows/load-flow.js';
import type { CliCommand } from './command.js';
import { parseCliArgs } from './parse-args.js';

const USAGE = `Usage: nmle flows check [file ...] [--json]

Validates flow files (default: the current one in flows/) and lists every problem with its line and its
path in the file, e.g. "flows/2021.yaml:120: routes[3].materials[2]: unknown material id ...".

Exit status: 0 every file is valid, 2 a file has problems or cannot be read.`;

export const flowsCheckCommand: CliCommand = {
  name: 'flows check',
  summary: 'validate a flow file and list every problem with its place',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseCliArgs(args, { json: { type: 'boolean', default: false } }, true);
    const files = positionals.length > 0 ? positionals : [undefined];
    let failed = false;
    for (const arg of files) {
      const path = resolveFlowPath(arg ?? io.env.FLOW, io.cwd);
      const shown = relative(io.cwd, path) || path;
      const { flow, problems } = await checkFlowFile(path);
      failed ||= problems.length > 0;
      if (values.json) {
        io.stdout(
          `${JSON.stringify({ file: shown, ok: problems.length === 0, id: flow?.id ?? null, problems })}\n`,
        );
      } else if (problems.length === 0) {
        io.stdout(
          `${shown}: ok (${flow?.id}: ${flow?.routes.length} routes, ${Object.keys(flow?.materials ?? {}).length} materials, ${flow?.questions.length} questions)\n`,
        );
      } else {
        for (const problem of problems) io.stderr(`${formatFlowProblem(shown, problem)}\n`);
      }
    }
    return failed ? 2 : 0;
  },
};
