import type { FormFill } from '../domain/form-fill.js';
import { type AssessmentText, GRID_WORDS } from './form-text.js';
import type { Align, Box } from './pdf-text.js';

/**
 * The grid of 附件2 and 附件3 as the notice draws it, in PDF points from the top-left of an A4 page
 * (595.28 × 841.89). Pure geometry: drawing (assessment-form.ts) strokes every cell and writes its text, and the
 * layout test rasterises the page and looks for each cell's edges where this puts them.
 */

export const TABLE_LEFT = 60;
/** Six columns, as the notice's candidate rows: label, value, label, value, label, value. */
const COLUMN_WIDTHS = [78, 82, 88, 72, 78, 77] as const;
/** The x of each column edge, left to right. */
export const COLUMNS: readonly number[] = [
  TABLE_LEFT,
  ...COLUMN_WIDTHS.map((_, i) => COLUMN_WIDTHS.slice(0, i + 1).reduce((x, width) => x + width, TABLE_LEFT)),
];
export const TABLE_RIGHT = COLUMNS.at(-1) as number;
export const TABLE_TOP = 150;

const CANDIDATE_ROW = 32;
const INSTITUTION_ROW = 30;
const PERIOD_ROW = 34;
const POST_HEADER_ROW = 20;
const POST_ROW = 24;
/** Blank rows for posts (科室), as in the notice. */
export const POST_ROWS = 5;
const OPINION_ROW = 110;

export const LABEL_SIZE = 10;
export const VALUE_SIZE = 10.5;

export interface Cell extends Box {
  /** Fixed words (a label), or a filled value. */
  readonly text?: string;
  readonly size?: number;
  readonly align?: Align;
  /** Lines placed at set heights inside the cell (the 考核意见 box), instead of `text`. */
  readonly lines?: readonly { readonly text: string; readonly dy: number; readonly align: Align }[];
}

export interface AssessmentLayout {
  readonly cells: readonly Cell[];
  /** The thick black line between the candidate's part and the institution's. */
  readonly blackLineY: number;
  readonly bottom: number;
}

const cell = (c0: number, c1: number, y0: number, y1: number, rest: Partial<Cell> = {}): Cell => ({
  x0: COLUMNS[c0] as number,
  x1: COLUMNS[c1] as number,
  y0,
  y1,
  ...rest,
});

/** How a filled value is written in its cell: dates as the notice's 年/月 style would read them. */
export function toCellValue(field: keyof FormFill, fill: FormFill): string | undefined {
  const value = fill[field];
  if (value === undefined) return undefined;
  if (field === 'birth' || field === 'educationDate') {
    const [year, month] = value.split('-');
    return `${year}年${Number(month)}月`;
  }
  return value;
}

export function layoutAssessment(text: AssessmentText, fill: FormFill): AssessmentLayout {
  const cells: Cell[] = [];
  let y = TABLE_TOP;

  for (const row of text.candidateRows) {
    row.forEach((entry, i) => {
      const label = 2 * i;
      const last = i === row.length - 1 ? 6 : label + 2;
      cells.push(cell(label, label + 1, y, y + CANDIDATE_ROW, { text: entry.label, size: LABEL_SIZE }));
      const value = toCellValue(entry.field, fill);
      cells.push(cell(label + 1, last, y, y + CANDIDATE_ROW, value ? { text: value, size: VALUE_SIZE } : {}));
    });
    y += CANDIDATE_ROW;
  }
  const blackLineY = y;

  const label = (t: string) => ({ text: t, size: LABEL_SIZE });
  cells.push(cell(0, 1, y, y + 3 * INSTITUTION_ROW, label(text.institution)));
  cells.push(
    cell(1, 2, y, y + INSTITUTION_ROW, label(GRID_WORDS.orgName)),
    cell(2, 6, y, y + INSTITUTION_ROW),
  );
  y += INSTITUTION_ROW;
  for (const [left, right] of [
    [GRID_WORDS.address, GRID_WORDS.postcode],
    [GRID_WORDS.registration, GRID_WORDS.legalRepresentative],
  ] as const) {
    cells.push(cell(1, 2, y, y + INSTITUTION_ROW, label(left)), cell(2, 4, y, y + INSTITUTION_ROW));
    cells.push(cell(4, 5, y, y + INSTITUTION_ROW, label(right)), cell(5, 6, y, y + INSTITUTION_ROW));
    y += INSTITUTION_ROW;
  }

  cells.push(cell(0, 1, y, y + PERIOD_ROW, label(text.period)));
  cells.push(cell(1, 6, y, y + PERIOD_ROW, { ...label(GRID_WORDS.periodBlanks), align: 'left' }));
  y += PERIOD_ROW;

  const postTop = y;
  const headerBottom = y + 2 * POST_HEADER_ROW;
  cells.push(cell(1, 2, y, headerBottom, label(GRID_WORDS.postName)));
  cells.push(cell(2, 3, y, y + POST_HEADER_ROW, label(GRID_WORDS.tutorAssessment)));
  const mid = ((COLUMNS[2] as number) + (COLUMNS[3] as number)) / 2;
  const half = (x0: number, x1: number, t?: string): Cell => ({
    x0,
    x1,
    y0: y + POST_HEADER_ROW,
    y1: headerBottom,
    ...(t !== undefined && label(t)),
  });
  cells.push(
    half(COLUMNS[2] as number, mid, GRID_WORDS.pass),
    half(mid, COLUMNS[3] as number, GRID_WORDS.fail),
  );
  cells.push(cell(3, 5, y, headerBottom, label(text.tutorNumber)));
  cells.push(cell(5, 6, y, headerBottom, label(GRID_WORDS.tutorSignature)));
  y = headerBottom;
  for (let i = 0; i < POST_ROWS; i++) {
    cells.push(cell(1, 2, y, y + POST_ROW), { ...half(COLUMNS[2] as number, mid), y0: y, y1: y + POST_ROW });
    cells.push({ ...half(mid, COLUMNS[3] as number), y0: y, y1: y + POST_ROW });
    cells.push(cell(3, 5, y, y + POST_ROW), cell(5, 6, y, y + POST_ROW));
    y += POST_ROW;
  }
  cells.push(cell(0, 1, postTop, y, label(text.post)));

  cells.push(cell(0, 1, y, y + OPINION_ROW, label(text.opinion)));
  cells.push(
    cell(1, 6, y, y + OPINION_ROW, {
      size: LABEL_SIZE,
      lines: [
        { text: GRID_WORDS.verdict, dy: 18, align: 'center' },
        { text: text.signature, dy: 58, align: 'right' },
        { text: GRID_WORDS.date, dy: 84, align: 'right' },
      ],
    }),
  );
  y += OPINION_ROW;
  return { cells, blackLineY, bottom: y };
}
