import { existsSync } from 'node:fs';
import { describe, it } from 'vitest';
import { planBrowserTest } from '../playground/browser-test-plan.js';

/** Debian's tesseract-ocr and its Chinese model (tesseract-ocr-chi-sim), which .ci/run installs. */
export const TESSERACT = '/usr/bin/tesseract';
export const CHI_SIM = '/usr/share/tesseract-ocr/5/tessdata/chi_sim.traineddata';

/**
 * `describe` for tests that read pictures with the real tesseract: they run when it is installed; without it
 * a local run skips and a CI run fails (the plan of the browser and poppler tests: CI must not skip silently).
 */
export function describeWithTesseract(name: string, body: () => void): void {
  const plan = planBrowserTest(process.env, existsSync(TESSERACT) && existsSync(CHI_SIM));
  if (plan === 'fail') {
    describe(name, () => {
      it('finds tesseract with chi_sim installed', () => {
        throw new Error(`${TESSERACT} or ${CHI_SIM} is missing; CI must install them (.ci/run does)`);
      });
    });
    return;
  }
  describe.skipIf(plan === 'skip')(name, body);
}
