import { execFileSync } from 'node:child_process';
import { describeWithTool } from '../helpers/describe-with-tool.js';

/** Debian's poppler-utils, which .ci/run installs. */
export const PDFTOTEXT = '/usr/bin/pdftotext';
export const PDFTOPPM = '/usr/bin/pdftoppm';

/** `describe` for tests that read PDFs back with poppler (see describeWithTool). */
export function describeWithPoppler(name: string, body: () => void): void {
  describeWithTool(name, 'poppler-utils', [PDFTOTEXT, PDFTOPPM], body);
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
