/**
 * The roster as an .xlsx workbook, written as it is produced (contracts §4 `nmle export roster`, §8
 * `GET /export/roster.xlsx`).
 *
 *   const { rows, bytes } = await writeRosterXlsx(deps, { states: ['submitted'] }, response);
 *
 * `deps` are the use-cases' flow, clock and applicant repository; `filter` is the queue's RosterFilter
 * (src/app/roster-filter.ts); `out` any Node Writable — a file or an HTTP response, which it ends. Resolves
 * once `out` has everything, with the number of applicant rows and the bytes written; rejects when `out`
 * fails or closes early.
 *
 * One sheet, 名册: a header row (each label Chinese, then English on a second line; frozen, with an
 * autofilter over the whole table), then one row per applicant. Every text column — user id, name, labels,
 * times — holds string cells formatted `@`, so an id like `0012345X` stays as written even when someone
 * edits the cell; picture counts are numbers.
 */

import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import type { AppDeps } from '../app/app-deps.js';
import { listRoster } from '../app/export-roster.js';
import type { RosterFilter } from '../app/roster-filter.js';
import { createByteCounter, whenWritable } from './byte-counter.js';

export type RosterExportDeps = Pick<AppDeps, 'flow' | 'applicants' | 'clock'>;

export interface RosterExportSummary {
  readonly rows: number;
  readonly bytes: number;
}

export const ROSTER_SHEET_NAME = '名册';

/** Excel's number format "Text": what is typed into the cell stays a string. */
const TEXT_FORMAT = '@';

/** Rows between looks at the receiver, so a slow one holds back the writer instead of filling memory. */
const ROWS_PER_CHECK = 500;

export async function writeRosterXlsx(
  deps: RosterExportDeps,
  filter: RosterFilter,
  out: Writable,
): Promise<RosterExportSummary> {
  const roster = await listRoster(deps, filter);
  const counter = createByteCounter();
  const delivered = pipeline(counter, out);
  // exceljs listens for its stream's errors only once it finalises; a receiver gone before that (during the
  // awaits of its commit) would leave it waiting for a 'finish' that never comes. This ends the export.
  const receiverFailed = new Promise<never>((_, reject) => {
    delivered.catch(reject);
  });
  receiverFailed.catch(() => undefined);
  const now = deps.clock.now();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: counter,
    // Styles carry the text format; shared strings are what every spreadsheet reads as plain text cells
    // (without them exceljs writes formula-result strings). The table of strings is the one part held in
    // memory, a few hundred kilobytes for 10,000 applicants.
    useStyles: true,
    useSharedStrings: true,
  });
  workbook.creator = 'nmle-assistant';
  workbook.created = now;
  workbook.modified = now;
  const columnCount = roster.columns.length;
  const sheet = workbook.addWorksheet(ROSTER_SHEET_NAME, {
    views: [{ state: 'frozen', xSplit: 1, ySplit: 1, topLeftCell: 'B2', activeCell: 'B2' }],
  });
  sheet.columns = roster.columns.map((column) => ({
    key: column.key,
    width: column.kind === 'count' ? 12 : column.key === 'route' ? 36 : 18,
    ...(column.kind === 'text' && { style: { numFmt: TEXT_FORMAT } }),
  }));
  sheet.autoFilter = {
    from: { row: 1, column: 1 },
    to: { row: 1 + roster.rows.length, column: columnCount },
  };

  const header = sheet.addRow(roster.columns.map((c) => `${c.title.zh}\n${c.title.en}`));
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: 'top' };
  header.height = 32;
  header.commit();

  let written = 0;
  for (const values of roster.rows) {
    // Each cell takes its column's style, the text format included, when it is made.
    sheet.addRow(values.map((v) => (v === '' ? null : v))).commit();
    written += 1;
    if (written % ROWS_PER_CHECK === 0) {
      await Promise.race([new Promise((resolve) => setImmediate(resolve)), receiverFailed]);
      await Promise.race([whenWritable(out), receiverFailed]);
    }
  }
  sheet.commit();
  await Promise.race([workbook.commit(), receiverFailed]);
  await delivered;
  return { rows: written, bytes: counter.bytes };
}
