import PDFDocument from 'pdfkit';
import type { FormFill } from '../domain/form-fill.js';
import { drawAssessmentForm } from './assessment-form.js';
import { loadFormFonts } from './form-font.js';
import { ANNEX2_TEXT, ANNEX3_TEXT, ANNEX4_TEXT, type FormKind } from './form-text.js';
import { drawPledgeForm } from './pledge-form.js';

const TITLES: Record<FormKind, string> = {
  attachment2: ANNEX2_TEXT.title,
  attachment3: ANNEX3_TEXT.title,
  attachment4: ANNEX4_TEXT.title.join(''),
};

/**
 * One of the notice's attached forms as a one-page A4 PDF, the candidate's part filled from `fill` (already
 * parsed: see parseFormFill, and findUndrawableChar for characters no font here has). Text is real text in
 * embedded font subsets, so `pdftotext` reads it back.
 */
export async function renderForm(
  kind: FormKind,
  fill: FormFill,
  options: { title?: string } = {},
): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 0,
    info: { Title: options.title ?? TITLES[kind], Creator: 'nmle-assistant' },
  });
  const fonts = await loadFormFonts(Object.values(fill).map(String));
  for (const [name, source] of fonts.sources) doc.registerFont(name, source);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  if (kind === 'attachment4') drawPledgeForm(doc, fill);
  else drawAssessmentForm(doc, kind === 'attachment2' ? ANNEX2_TEXT : ANNEX3_TEXT, fill);
  doc.end();
  return done;
}
