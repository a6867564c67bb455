import { readdirSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's `flows/` folder, wherever the process was started from. */
export const FLOWS_DIR = fileURLToPath(new URL('../../flows/', import.meta.url));

const FLOW_FILE = /\.(ya?ml|json)$/;

/**
 * The flow file to run: `explicit` (a path, from `--flow` or FLOW) resolved against `cwd`, or else the
 * current one in `flows/` — the last by name, so `2021-weihai.yaml` supersedes `2020-weihai.yaml`.
 */
export function resolveFlowPath(explicit: string | undefined, cwd: string): string {
  if (explicit) return isAbsolute(explicit) ? explicit : resolve(cwd, explicit);
  const files = readdirSync(FLOWS_DIR)
    .filter((f) => FLOW_FILE.test(f))
    .sort();
  const current = files.at(-1);
  if (!current) throw new Error(`no flow file in ${FLOWS_DIR}`);
  return join(FLOWS_DIR, current);
}
