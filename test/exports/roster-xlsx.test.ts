import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RosterFilter } from '../../src/app/roster-filter.js';
import type { Applicant } from '../../src/domain/applicant.js';
import type { Flow } from '../../src/domain/flow.js';
import { ROSTER_SHEET_NAME, writeRosterXlsx } from '../../src/exports/roster-xlsx.js';
import { applicantOf, ELIGIBLE_ANSWERS, STARTED_ANSWERS } from '../helpers/applicants.js';
import { loadCurrentFlow } from '../helpers/flow.js';
import { memoryApplicants, memoryPictures } from '../helpers/memory-ports.js';
import { collectingStream, settle, stalledStream } from './collect-stream.js';
import { NOW, storedApplicant } from './export-fixtures.js';

let flow: Flow;
beforeAll(async () => {
  flow = await loadCurrentFlow();
});

async function exportRoster(applicants: Applicant[], filter: RosterFilter = {}) {
  const out = collectingStream();
  const summary = await writeRosterXlsx(
    { flow, clock: { now: () => NOW }, applicants: memoryApplicants(applicants) },
    filter,
    out,
  );
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(out.bytes() as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet(ROSTER_SHEET_NAME);
  if (!sheet) throw new Error('no roster sheet');
  return { summary, sheet, size: out.bytes().length };
}

/** The header's Chinese labels (the first line of each header cell). */
const headerLabels = (sheet: ExcelJS.Worksheet) =>
  (sheet.getRow(1).values as unknown[]).slice(1).map((v) => String(v).split('\n')[0]);

const column = (sheet: ExcelJS.Worksheet, zh: string) => headerLabels(sheet).indexOf(zh) + 1;

async function people(): Promise<Applicant[]> {
  const pictures = memoryPictures();
  return [
    await storedApplicant(flow, pictures, {
      userId: 1001,
      answers: { ...ELIGIBLE_ANSWERS, name: '0012345X' },
      dossier: { state: 'submitted', submittedAt: '2020-03-24T01:00:00.000Z' },
    }),
    await storedApplicant(flow, pictures, {
      userId: 1002,
      pictures: { identity: 2 },
      dossier: {
        state: 'rejected',
        submittedAt: '2020-03-21T02:30:00.000Z',
        rejection: { reason: '学历不符', at: '2020-03-22T07:05:00.000Z' },
      },
    }),
    await storedApplicant(flow, pictures, {
      userId: 1003,
      pictures: {},
      dossier: {
        state: 'approved',
        submittedAt: '2020-03-23T00:00:00.000Z',
        approvedAt: '2020-03-23T08:00:00.000Z',
      },
      // Changed after the approval (the applicant chose English): the roster keeps the approval's time.
      updatedAt: '2020-03-23T16:30:00.000Z',
    }),
    await storedApplicant(flow, pictures, { userId: 1004, pictures: { identity: 1 } }),
    applicantOf(1005, { answers: STARTED_ANSWERS }),
  ];
}

describe('the roster as .xlsx', () => {
  it('has one row per applicant who finished the interview, oldest submission first', async () => {
    const { summary, sheet } = await exportRoster(await people());
    expect(summary.rows).toBe(4);
    const ids = [2, 3, 4, 5].map((r) => sheet.getRow(r).getCell(1).value);
    expect(ids).toEqual(['1002', '1003', '1001', '1004']);
    expect(sheet.rowCount).toBe(5);
  });

  it('labels every column in Chinese first, then English, with one column per material of the flow', async () => {
    const { sheet } = await exportRoster(await people());
    const labels = headerLabels(sheet);
    expect(labels.slice(0, 8)).toEqual([
      '用户ID',
      '姓名',
      '报考类别',
      '考试类别',
      '审核依据',
      '审核状态',
      '提交时间',
      '审核时间',
    ]);
    expect(sheet.getRow(1).getCell(1).value).toBe('用户ID\nUser id');
    expect(labels.slice(8)).toEqual(Object.values(flow.materials).map((m) => m.title.zh));
  });

  it('keeps ids and id-like text as text cells, so leading zeros and a trailing X survive', async () => {
    const { sheet } = await exportRoster(await people());
    const id = sheet.getRow(4).getCell(1);
    const name = sheet.getRow(4).getCell(column(sheet, '姓名'));
    expect(id.type).toBe(ExcelJS.ValueType.String);
    expect(id.numFmt).toBe('@');
    expect(name.type).toBe(ExcelJS.ValueType.String);
    expect(name.value).toBe('0012345X');
    expect(name.numFmt).toBe('@');
  });

  it('freezes the header row and puts an autofilter over the whole table', async () => {
    const { sheet } = await exportRoster(await people());
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const lastColumn = sheet.getColumn(8 + Object.keys(flow.materials).length).letter;
    expect(sheet.autoFilter).toBe(`A1:${lastColumn}5`);
  });

  it('writes labels, state, local times and each material’s picture count', async () => {
    const { sheet } = await exportRoster(await people());
    const cell = (row: number, zh: string) => sheet.getRow(row).getCell(column(sheet, zh)).value;
    // 1002: rejected; times in Asia/Shanghai.
    expect(cell(2, '报考类别')).toBe('执业医师');
    expect(cell(2, '考试类别')).toBe('临床');
    expect(String(cell(2, '审核依据'))).toMatch(/^（.+）/);
    expect(cell(2, '审核状态')).toBe(flow.texts.stateRejected.zh);
    expect(cell(2, '提交时间')).toBe('2020-03-21 10:30');
    expect(cell(2, '审核时间')).toBe('2020-03-22 15:05');
    expect(cell(2, flow.materials.identity?.title.zh ?? '')).toBe(2);
    expect(cell(2, flow.materials.diploma?.title.zh ?? '')).toBe(0);
    // 1003: approved at 16:00 Beijing time, whatever changed in the record later.
    expect(cell(3, '审核时间')).toBe('2020-03-23 16:00');
    // 1001: submitted, not decided; name known.
    expect(cell(4, '审核时间')).toBe(null);
    expect(cell(4, '姓名')).toBe('0012345X');
    expect(cell(4, flow.materials.identity?.title.zh ?? '')).toBe(3);
    // 1004: draft, never submitted, no name.
    expect(cell(5, '审核状态')).toBe(flow.texts.stateDraft.zh);
    expect(cell(5, '提交时间')).toBe(null);
    expect(cell(5, '姓名')).toBe(null);
  });

  it('applies the filter', async () => {
    const { summary, sheet } = await exportRoster(await people(), { states: ['approved', 'rejected'] });
    expect(summary.rows).toBe(2);
    expect([2, 3].map((r) => sheet.getRow(r).getCell(1).value)).toEqual(['1002', '1003']);
    expect(sheet.autoFilter).toMatch(/^A1:[A-Z]+3$/);
  });

  it('stops, rather than wait for ever, when the receiver goes away', async () => {
    const out = stalledStream();
    const done = writeRosterXlsx(
      { flow, clock: { now: () => NOW }, applicants: memoryApplicants(await people()) },
      {},
      out,
    );
    await settle();
    out.destroy();
    await expect(done).rejects.toThrow();
  });

  it('writes a header-only workbook when nobody matches, and reports its size', async () => {
    const { summary, sheet, size } = await exportRoster([]);
    expect(summary).toEqual({ rows: 0, bytes: size });
    expect(sheet.rowCount).toBe(1);
  });
});
