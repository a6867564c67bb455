import { existsSync } from 'node:fs';
import { describe, it } from 'vitest';

/** What a browser test does: run, skip (no browser on this computer), or fail (CI must have installed it). */
export type BrowserTestPlan = 'run' | 'skip' | 'fail';

/** Whether the environment says this is a CI run: `CI` set to anything but empty, `0` or `false`. */
export function isCi(env: Readonly<Record<string, string | undefined>>): boolean {
  const value = env.CI?.trim().toLowerCase();
  return value !== undefined && value !== '' && value !== '0' && value !== 'false';
}

/**
 * Runs when the browser is there. Without it a local run skips, but a CI run fails: CI installs the browsers
 * (`.ci/run`), and a test that skips there silently would stop guarding the page without anyone noticing.
 */
export function planBrowserTest(
  env: Readonly<Record<string, string | undefined>>,
  browserExists: boolean,
): BrowserTestPlan {
  if (browserExists) return 'run';
  return isCi(env) ? 'fail' : 'skip';
}

/** `describe` for tests that drive the browser at `executable`, following {@link planBrowserTest}. */
export function describeWithBrowser(executable: string, name: string, body: () => void): void {
  const plan = planBrowserTest(process.env, existsSync(executable));
  if (plan === 'fail') {
    describe(name, () => {
      it('finds its browser installed', () => {
        throw new Error(
          `${executable} is missing; CI must install it (.ci/run installs chromium and firefox-esr)`,
        );
      });
    });
    return;
  }
  describe.skipIf(plan === 'skip')(name, body);
}
