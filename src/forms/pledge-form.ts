import type PDFDocument from 'pdfkit';
import type { FormFill } from '../domain/form-fill.js';
import { ANNEX4_TEXT, type Annex4Blank } from './form-text.js';
import { drawText, drawWrapped, isNoLineStart, measureText } from './pdf-text.js';

type Doc = InstanceType<typeof PDFDocument>;

const LEFT = 72;
const RIGHT = 523;
const BODY_SIZE = 12;
const LINE_HEIGHT = 26;

/** The filled value of each blank of 附件4's paragraph; the institution's blanks stay empty. */
export function toPledgeBlanks(fill: FormFill): Partial<Record<Annex4Blank, string>> {
  const [year, month, day] = fill.graduationDate?.split('-') ?? [];
  return {
    ...(year && { graduationYear: year }),
    ...(month && { graduationMonth: String(Number(month)) }),
    ...(day && { graduationDay: String(Number(day)) }),
    ...(fill.school && { school: fill.school }),
    ...(fill.major && { major: fill.major }),
  };
}

/**
 * Lays out the training paragraph: words wrap between any two characters, a blank is an underline as wide as
 * the notice's underscores (wider if its value needs it) with the value centred on it, never split.
 */
function drawTrainingParagraph(doc: Doc, blanks: Partial<Record<Annex4Blank, string>>, top: number): number {
  const underscore = measureText(doc, '_', BODY_SIZE);
  let x = LEFT + 2 * BODY_SIZE;
  let y = top;
  const advance = (width: number, char?: string) => {
    if (x + width > RIGHT && !(char !== undefined && isNoLineStart(char))) {
      x = LEFT;
      y += LINE_HEIGHT;
    }
  };
  for (const part of ANNEX4_TEXT.training) {
    if (typeof part === 'string') {
      for (const char of part) {
        const width = measureText(doc, char, BODY_SIZE);
        advance(width, char);
        drawText(doc, char, x, y, BODY_SIZE);
        x += width;
      }
      continue;
    }
    const value = blanks[part.blank];
    const valueWidth = value === undefined ? 0 : measureText(doc, value, BODY_SIZE) + 8;
    const width = Math.max(part.underscores * underscore, valueWidth);
    advance(width);
    if (value !== undefined) drawText(doc, value, x + (width - valueWidth) / 2 + 4, y - 1, BODY_SIZE);
    doc
      .lineWidth(0.6)
      .moveTo(x, y + BODY_SIZE + 2)
      .lineTo(x + width, y + BODY_SIZE + 2)
      .stroke();
    x += width;
  }
  return y + LINE_HEIGHT;
}

/** Draws 附件4 on the current page: the two-line title, the two paragraphs, stamps, the promise's lines, note. */
export function drawPledgeForm(doc: Doc, fill: FormFill): void {
  const t = ANNEX4_TEXT;
  drawText(doc, t.annex, LEFT - 12, 48, 11);
  const titleSize = 18;
  t.title.forEach((line, i) => {
    drawText(doc, line, 595.28 / 2 - measureText(doc, line, titleSize) / 2, 84 + i * 30, titleSize);
  });
  let y = drawTrainingParagraph(doc, toPledgeBlanks(fill), 170);
  y = drawWrapped(doc, t.promise, LEFT, y + 6, RIGHT - LEFT, BODY_SIZE, {
    indent: 2 * BODY_SIZE,
    lineHeight: LINE_HEIGHT,
  });

  y += 40;
  drawText(doc, t.unitStamp, LEFT + 12, y, BODY_SIZE);
  drawText(doc, t.schoolStamp, RIGHT - 12 - measureText(doc, t.schoolStamp, BODY_SIZE), y, BODY_SIZE);
  y += 36;
  drawText(doc, t.date, RIGHT - 12 - measureText(doc, t.date, BODY_SIZE), y, BODY_SIZE);

  y += 56;
  const lines: [string, string | undefined][] = [
    [t.signature, undefined],
    [t.idNumber, fill.idNumber],
    [t.phone, fill.phone],
  ];
  for (const [label, value] of lines) {
    const width = drawText(doc, label, LEFT, y, BODY_SIZE);
    if (value !== undefined) drawText(doc, value, LEFT + width + 4, y, BODY_SIZE);
    y += 30;
  }
  drawWrapped(doc, t.note, LEFT, y + 20, RIGHT - LEFT, 10.5, { lineHeight: 16 });
}
