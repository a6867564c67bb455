import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, it } from 'vitest';
import { planBrowserTest } from '../playground/browser-test-plan.js';

/** Debian's poppler-utils, which .ci/run installs. */
export const PDFTOTEXT = '/usr/bin/pdftotext';
export const PDFTOPPM = '/usr/bin/pdftoppm';

/**
 * `describe` for tests that read PDFs back with poppler: they run when it is installed; without it a local run
 * skips and a CI run fails (the same plan as the browser tests: CI must not skip them silently).
 */
export function describeWithPoppler(name: string, body: () => void): void {
  const plan = planBrowserTest(process.env, existsSync(PDFTOTEXT) && existsSync(PDFTOPPM));
  if (plan === 'fail') {
    describe(name, () => {
      it('finds poppler-utils installed', () => {
        throw new Error(`${PDFTOTEXT} is missing; CI must install it (.ci/run installs poppler-utils)`);
      });
    });
    return;
  }
  describe.skipIf(plan === 'skip')(name, body);
}

/** The PDF's text in drawing order (`-raw`), every run of white space removed (labels are spaced out like `姓    名`). */
export function pdfText(file: string): string {
  return execFileSync(PDFTOTEXT, ['-raw', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(
    /\s+/g,
    '',
  );
}

/** The number of pages, from pdftotext's page breaks. */
export function pdfPageCount(file: string): number {
  return execFileSync(PDFTOTEXT, [file, '-'], { encoding: 'utf8' }).split('\f').length - 1;
}
