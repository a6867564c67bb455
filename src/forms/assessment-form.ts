import type PDFDocument from 'pdfkit';
import type { FormFill } from '../domain/form-fill.js';
import { layoutAssessment, TABLE_LEFT, TABLE_RIGHT } from './assessment-layout.js';
import { ASSESSMENT_NOTES, type AssessmentText } from './form-text.js';
import { drawInBox, drawText, drawWrapped, measureText } from './pdf-text.js';

type Doc = InstanceType<typeof PDFDocument>;

export const PAGE_WIDTH = 595.28;
export const GRID_LINE_WIDTH = 0.75;
export const BLACK_LINE_WIDTH = 2.5;

/** Draws 附件2 or 附件3 on the current page: heading, number lines, the grid, the notes. */
export function drawAssessmentForm(doc: Doc, text: AssessmentText, fill: FormFill): void {
  drawText(doc, text.annex, TABLE_LEFT, 48, 11);
  const titleSize = 17;
  drawText(doc, text.title, PAGE_WIDTH / 2 - measureText(doc, text.title, titleSize) / 2, 76, titleSize);
  text.numberLines.forEach((line, i) => {
    drawText(doc, line, TABLE_LEFT, 148 - 18 * (text.numberLines.length - i) - 4, 10.5);
  });

  const layout = layoutAssessment(text, fill);
  doc.lineWidth(GRID_LINE_WIDTH).strokeColor('black');
  for (const cell of layout.cells) {
    doc.rect(cell.x0, cell.y0, cell.x1 - cell.x0, cell.y1 - cell.y0).stroke();
    const size = cell.size ?? 10;
    if (cell.text !== undefined) drawInBox(doc, cell.text, cell, size, cell.align ?? 'center');
    for (const line of cell.lines ?? [])
      drawInBox(
        doc,
        line.text,
        { ...cell, y0: cell.y0 + line.dy - 8, y1: cell.y0 + line.dy + 8 },
        size,
        line.align,
      );
  }
  doc
    .lineWidth(BLACK_LINE_WIDTH)
    .moveTo(TABLE_LEFT, layout.blackLineY)
    .lineTo(TABLE_RIGHT, layout.blackLineY)
    .stroke();

  let y = layout.bottom + 12;
  const [heading, ...notes] = ASSESSMENT_NOTES;
  drawText(doc, heading, TABLE_LEFT, y, 9);
  const noteLeft = TABLE_LEFT + measureText(doc, heading, 9);
  for (const note of notes)
    y = drawWrapped(doc, note, noteLeft, y, TABLE_RIGHT - noteLeft, 9, { lineHeight: 13, hangingIndent: 9 });
}
