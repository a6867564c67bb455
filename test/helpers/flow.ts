import { buildChecklist, type Checklist } from '../../src/domain/checklist.js';
import type { Facts } from '../../src/domain/condition.js';
import { parseFacts } from '../../src/domain/facts.js';
import type { Flow } from '../../src/domain/flow.js';
import { resolveFlowPath } from '../../src/flows/flow-file.js';
import { loadFlow } from '../../src/flows/load-flow.js';

/** The current flow in flows/, loaded and validated as the bot would at start-up. */
export async function loadCurrentFlow(): Promise<Flow> {
  return loadFlow(resolveFlowPath(undefined, process.cwd()));
}

/** The checklist for facts written as in a facts file; throws if the facts are not valid. */
export function checklistFor(flow: Flow, facts: Record<string, unknown>): Checklist {
  const parsed = parseFacts(flow, facts);
  if (!parsed.ok) throw new Error(`test facts invalid: ${parsed.field}: ${parsed.message}`);
  return buildChecklist(flow, parsed.facts as Facts);
}

export function materialIds(checklist: Checklist): string[] {
  return checklist.materials.map((m) => m.id);
}
