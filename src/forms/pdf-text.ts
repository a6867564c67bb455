import type PDFDocument from 'pdfkit';
import { toFontRuns } from './form-font.js';

type Doc = InstanceType<typeof PDFDocument>;

/** Width in points of `text` at `size`, each character in the font that has it. */
export function measureText(doc: Doc, text: string, size: number): number {
  let width = 0;
  for (const run of toFontRuns(text)) width += doc.font(run.font).fontSize(size).widthOfString(run.text);
  return width;
}

/** Draws one line of text with its top-left at (x, y); never wraps. Returns the width drawn. */
export function drawText(doc: Doc, text: string, x: number, y: number, size: number): number {
  let at = x;
  for (const run of toFontRuns(text)) {
    doc.font(run.font).fontSize(size);
    // On the alphabetic baseline: the subset and the slices have different ascenders, so tops would not align.
    doc.text(run.text, at, y + size * ASCENT, { lineBreak: false, baseline: 'alphabetic' });
    at += doc.widthOfString(run.text);
  }
  return at - x;
}

export type Align = 'left' | 'center' | 'right';

export interface Box {
  readonly x0: number;
  readonly x1: number;
  readonly y0: number;
  readonly y1: number;
}

const PADDING = 3;
/** Noto Sans CJK's ascent (880/1000 em): where the baseline sits below the top of a line. */
const ASCENT = 0.88;

/**
 * Draws lines (split at `\n`) centred vertically in the box, aligned horizontally; a line too wide for the
 * box is drawn smaller, down to 6 pt, rather than over the border.
 */
export function drawInBox(doc: Doc, text: string, box: Box, size: number, align: Align = 'center'): void {
  const lines = text.split('\n');
  const lineHeight = size * 1.25;
  let y = (box.y0 + box.y1) / 2 - (lines.length * lineHeight) / 2 + (lineHeight - size) / 2;
  const room = box.x1 - box.x0 - 2 * PADDING;
  for (const line of lines) {
    let fit = size;
    while (fit > 6 && measureText(doc, line, fit) > room) fit -= 0.5;
    const width = measureText(doc, line, fit);
    const x =
      align === 'left'
        ? box.x0 + PADDING
        : align === 'right'
          ? box.x1 - PADDING - width
          : (box.x0 + box.x1) / 2 - width / 2;
    drawText(doc, line, x, y + (size - fit) / 2, fit);
    y += lineHeight;
  }
}

/** Punctuation that may not begin a line (Chinese typesetting's 避头点): it stays at the end of the line before. */
const NO_LINE_START = new Set('，。、；：？！）》」』”’％');

export function isNoLineStart(char: string): boolean {
  return NO_LINE_START.has(char);
}

/**
 * Draws a paragraph that wraps anywhere between characters (as Chinese does; never before closing punctuation), from (x, y) within `width`;
 * the first line indented by `indent`. Returns the y below the last line.
 */
export function drawWrapped(
  doc: Doc,
  text: string,
  x: number,
  y: number,
  width: number,
  size: number,
  options: { indent?: number; lineHeight?: number; hangingIndent?: number } = {},
): number {
  const lineHeight = options.lineHeight ?? size * 1.5;
  let line = '';
  let lineX = x + (options.indent ?? 0);
  let top = y;
  for (const char of text) {
    if (measureText(doc, line + char, size) > x + width - lineX && line !== '' && !isNoLineStart(char)) {
      drawText(doc, line, lineX, top, size);
      top += lineHeight;
      line = '';
      lineX = x + (options.hangingIndent ?? 0);
    }
    line += char;
  }
  if (line !== '') drawText(doc, line, lineX, top, size);
  return top + lineHeight;
}
