import { existsSync } from 'node:fs';
import { describe, it } from 'vitest';
import { planBrowserTest } from '../playground/browser-test-plan.js';

/**
 * `describe` for tests that need an OS tool (poppler, tesseract, nginx): they run when every one of `files`
 * exists; without them a local run skips and a CI run fails (the plan of the browser tests: CI must not skip
 * silently). `tool` names what to install, e.g. `poppler-utils`.
 */
export function describeWithTool(
  name: string,
  tool: string,
  files: readonly string[],
  body: () => void,
): void {
  const plan = planBrowserTest(
    process.env,
    files.every((file) => existsSync(file)),
  );
  if (plan === 'fail') {
    describe(name, () => {
      it(`finds ${tool} installed`, () => {
        const missing = files.filter((file) => !existsSync(file)).join(', ');
        throw new Error(`${missing} is missing; CI must install ${tool} (.ci/run does)`);
      });
    });
    return;
  }
  describe.skipIf(plan === 'skip')(name, body);
}
