import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { type Flow, FlowSchema } from '../domain/flow.js';
import { checkFlowSemantics, type FlowIssue } from '../domain/flow-semantics.js';
import { FlowError, type FlowProblem } from '../errors.js';

export interface FlowCheck {
  readonly flow?: Flow;
  readonly problems: readonly FlowProblem[];
}

/**
 * Reads, parses (YAML or JSON) and validates a flow file: its shape with zod, then its meaning (ids, facts,
 * values). Each problem carries its path in the document and its line. Never throws for a bad file.
 */
export async function checkFlowFile(file: string): Promise<FlowCheck> {
  let source: string;
  try {
    source = await readFile(file, 'utf8');
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    return { problems: [{ path: '', message: `cannot read the flow file: ${reason}` }] };
  }
  return checkFlowSource(source);
}

/** As `checkFlowFile`, for text already read. */
export function checkFlowSource(source: string): FlowCheck {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      // One syntax error sets off a cascade of follow-on ones; the first few say all there is to fix.
      problems: doc.errors.slice(0, 3).map((e) => ({
        path: '',
        message: `not valid YAML: ${e.message.split('\n')[0]}`,
        line: lineCounter.linePos(e.pos[0]).line,
      })),
    };
  }
  const lineOf = (path: readonly PropertyKey[]) => lineAt(doc, lineCounter, path);
  const parsed = FlowSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    return {
      problems: parsed.error.issues.map((issue) => toProblem(issue.path, describeZodIssue(issue), lineOf)),
    };
  }
  const issues: FlowIssue[] = checkFlowSemantics(parsed.data);
  if (issues.length > 0) return { problems: issues.map((i) => toProblem(i.path, i.message, lineOf)) };
  return { flow: parsed.data, problems: [] };
}

/** Loads a flow for running; throws FlowError naming every problem when it is not usable. */
export async function loadFlow(file: string, cwd = process.cwd()): Promise<Flow> {
  const { flow, problems } = await checkFlowFile(file);
  if (!flow) throw new FlowError(relative(cwd, file) || file, problems);
  return flow;
}

function toProblem(
  path: readonly PropertyKey[],
  message: string,
  lineOf: (path: readonly PropertyKey[]) => number | undefined,
): FlowProblem {
  const line = lineOf(path);
  return { path: formatPath(path), message, ...(line !== undefined && { line }) };
}

/** `['routes', 3, 'materials', 2]` → `routes[3].materials[2]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`))
    .join('');
}

function describeZodIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown key(s) ${issue.keys.join(', ')}`;
  if (issue.code === 'invalid_union') return 'does not match any allowed form (see README, "The flow file")';
  if (issue.code === 'invalid_type' && issue.input === undefined) return `is required (${issue.expected})`;
  return issue.message;
}

/** The line of the deepest node on `path` that exists in the document. */
function lineAt(doc: ReturnType<typeof parseDocument>, counter: LineCounter, path: readonly PropertyKey[]) {
  let node: unknown = doc.contents;
  let offset: number | undefined = (node as { range?: number[] } | null)?.range?.[0];
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === key);
      if (!pair) break;
      offset = (pair.key as { range?: number[] }).range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof key === 'number') {
      const item = node.items[key];
      if (!item) break;
      node = item;
      offset = (item as { range?: number[] }).range?.[0] ?? offset;
    } else break;
  }
  return offset === undefined ? undefined : counter.linePos(offset).line;
}
