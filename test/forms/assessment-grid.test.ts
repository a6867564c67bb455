import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, expect, it } from 'vitest';
import {
  type AssessmentLayout,
  COLUMNS,
  layoutAssessment,
  TABLE_LEFT,
  TABLE_RIGHT,
  TABLE_TOP,
} from '../../src/forms/assessment-layout.js';
import { ANNEX2_TEXT } from '../../src/forms/form-text.js';
import { renderForm } from '../../src/forms/render-form.js';
import { FILL } from './fill-fixture.js';
import { describeWithPoppler, PDFTOPPM } from './poppler.js';

/** Two pixels per point: a 0.75 pt rule is 1.5 px, the 2.5 pt black line 5 px. */
const DPI = 144;
const SCALE = DPI / 72;
const DARK = 128;

interface Page {
  readonly width: number;
  readonly height: number;
  readonly pixels: Uint8Array;
}
let page: Page;
let layout: AssessmentLayout;

/** The darkest pixel within ±1.5 px of a point given in PDF points. */
function darkestNear(xPt: number, yPt: number): number {
  let min = 255;
  const [cx, cy] = [Math.round(xPt * SCALE), Math.round(yPt * SCALE)];
  for (let y = cy - 2; y <= cy + 2; y++)
    for (let x = cx - 2; x <= cx + 2; x++) min = Math.min(min, page.pixels[y * page.width + x] ?? 255);
  return min;
}

/** The share of sample points along a horizontal (or vertical) segment that are dark. */
function darkShare(points: readonly (readonly [number, number])[]): number {
  return points.filter(([x, y]) => darkestNear(x, y) < DARK).length / points.length;
}
const along = (from: number, to: number, at: (v: number) => [number, number]) => {
  const points: [number, number][] = [];
  for (let v = from + 3; v <= to - 3; v += 2) points.push(at(v));
  return points;
};

describeWithPoppler('附件2 rasterised: the grid lines are where the layout puts them', () => {
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nmle-grid-'));
    writeFileSync(join(dir, 'a2.pdf'), await renderForm('attachment2', FILL));
    execFileSync(PDFTOPPM, [
      '-r',
      String(DPI),
      '-gray',
      '-png',
      '-singlefile',
      join(dir, 'a2.pdf'),
      join(dir, 'a2'),
    ]);
    const { data, info } = await sharp(join(dir, 'a2.png'))
      .greyscale()
      .raw()
      .toBuffer({ resolveWithObject: true });
    page = { width: info.width, height: info.height, pixels: new Uint8Array(data) };
    layout = layoutAssessment(ANNEX2_TEXT, FILL);
  });

  it('is an A4 page', () => {
    expect(page.width).toBe(Math.round(595.28 * SCALE));
    expect(page.height).toBe(Math.round(841.89 * SCALE));
  });

  it('draws every edge of every cell', () => {
    for (const c of layout.cells) {
      const edges = {
        top: along(c.x0, c.x1, (x) => [x, c.y0]),
        bottom: along(c.x0, c.x1, (x) => [x, c.y1]),
        left: along(c.y0, c.y1, (y) => [c.x0, y]),
        right: along(c.y0, c.y1, (y) => [c.x1, y]),
      };
      for (const [edge, points] of Object.entries(edges))
        expect(darkShare(points), `${c.text ?? 'cell'} at (${c.x0}, ${c.y0}): ${edge}`).toBeGreaterThan(0.95);
    }
  });

  it('has, as the notice does, nine lines across the whole table width and nothing else there', () => {
    const fullRows: number[] = [];
    for (let y = 0; y < page.height; y++) {
      let dark = 0;
      const [x0, x1] = [Math.round(TABLE_LEFT * SCALE) + 4, Math.round(TABLE_RIGHT * SCALE) - 4];
      for (let x = x0; x <= x1; x++) if ((page.pixels[y * page.width + x] ?? 255) < DARK) dark++;
      if (dark / (x1 - x0 + 1) > 0.97) fullRows.push(y);
    }
    const lines = fullRows.filter((y, i) => i === 0 || y - (fullRows[i - 1] as number) > 1);
    // Top; between the four candidate rows; the black line; above 起止时间, 岗位, 考核意见; bottom.
    expect(lines).toHaveLength(9);
    expect(Math.abs((lines[0] as number) / SCALE - TABLE_TOP)).toBeLessThan(1.5);
    expect(Math.abs((lines[4] as number) / SCALE - layout.blackLineY)).toBeLessThan(3);
    expect(Math.abs((lines[8] as number) / SCALE - layout.bottom)).toBeLessThan(1.5);
  });

  it('draws the line between the candidate’s part and the institution’s thicker than the others', () => {
    const thickness = (yPt: number) => {
      const x = Math.round(((COLUMNS[5] as number) + 20) * SCALE);
      let dark = 0;
      for (let y = Math.round(yPt * SCALE) - 8; y <= Math.round(yPt * SCALE) + 8; y++)
        if ((page.pixels[y * page.width + x] ?? 255) < DARK) dark++;
      return dark;
    };
    expect(thickness(layout.blackLineY)).toBeGreaterThanOrEqual(4);
    expect(thickness(TABLE_TOP)).toBeLessThanOrEqual(2);
  });

  it('leaves the inside of the blank post rows white', () => {
    const postRow = layout.cells.find((c) => c.text === undefined && c.y0 > layout.blackLineY + 150);
    if (!postRow) throw new Error('no blank post row in the layout');
    const middle = (postRow.y0 + postRow.y1) / 2;
    expect(darkShare(along(postRow.x0, postRow.x1, (x) => [x, middle]))).toBe(0);
  });
});
