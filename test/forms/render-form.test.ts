import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FormFill } from '../../src/domain/form-fill.js';
import { findUndrawableChar, subsetCharacters } from '../../src/forms/form-font.js';
import {
  ANNEX2_TEXT,
  ANNEX3_TEXT,
  ANNEX4_TEXT,
  ASSESSMENT_NOTES,
  type FormKind,
  fixedFormText,
  GRID_WORDS,
} from '../../src/forms/form-text.js';
import { renderForm } from '../../src/forms/render-form.js';
import { FILL } from './fill-fixture.js';
import { describeWithPoppler, pdfPageCount, pdfText } from './poppler.js';

const dir = mkdtempSync(join(tmpdir(), 'nmle-forms-'));
async function writeForm(kind: FormKind, fill: FormFill): Promise<string> {
  const file = join(dir, `${kind}-${Object.keys(fill).length}.pdf`);
  writeFileSync(file, await renderForm(kind, fill));
  return file;
}
const squash = (text: string) => text.replace(/\s+/g, '');

describe('the form font', () => {
  it('holds every character the forms print on their own (else rerun scripts/subset-form-font.ts)', () => {
    const missing = [...new Set(fixedFormText())].filter((c) => !/\s/.test(c) && !subsetCharacters().has(c));
    expect(missing).toEqual([]);
  });

  it('draws rare characters of names from the fallback font, and says which it cannot draw', () => {
    expect(findUndrawableChar('张堃喆昇')).toBeUndefined();
    expect(findUndrawableChar('王\u{F0000}')).toBe('\u{F0000}');
  });
});

describe('renderForm', () => {
  it('writes a small PDF: the filled 附件2 with its font subsets stays under 80 KB', async () => {
    const pdf = await renderForm('attachment2', FILL);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeLessThan(80_000);
  });
});

describeWithPoppler('the forms read back with pdftotext', () => {
  it.each([
    ['attachment2', ANNEX2_TEXT],
    ['attachment3', ANNEX3_TEXT],
  ] as const)('%s has one A4 page with the title, every label and the notes', async (kind, text) => {
    const file = await writeForm(kind, {});
    expect(pdfPageCount(file)).toBe(1);
    const got = pdfText(file);
    const expected = [
      text.annex,
      text.title,
      ...text.numberLines,
      ...text.candidateRows.flat().map((c) => c.label),
      text.institution,
      text.period,
      text.post,
      text.tutorNumber,
      text.opinion,
      text.signature,
      ...Object.values(GRID_WORDS),
      ...ASSESSMENT_NOTES,
    ];
    for (const words of expected) expect(got).toContain(squash(words).replace(/[（）]/g, (p) => p));
  });

  it('puts the filled values of 附件2 in their cells, dates as 年/月', async () => {
    const got = pdfText(await writeForm('attachment2', FILL));
    for (const value of [
      '张堃喆',
      '男',
      '1995年7月',
      '汉族',
      '临床医学',
      '本科',
      '2018年7月',
      '11010519491231002X',
    ])
      expect(got).toContain(value);
    expect(got).toContain('临床执业医师');
    // Each value follows its own label, in the notice's order.
    expect(got.indexOf('张堃喆')).toBeGreaterThan(got.indexOf('姓名'));
    expect(got.indexOf('11010519491231002X')).toBeGreaterThan(got.indexOf('有效身份证件号码'));
    expect(got).not.toContain('山东第一医科大学');
  });

  it('附件3 has no 出生年月 row, so a birth month is not printed', async () => {
    const got = pdfText(await writeForm('attachment3', FILL));
    expect(got).toContain('张堃喆');
    expect(got).not.toContain('出生年月');
    expect(got).not.toContain('1995年7月');
  });

  it('附件4 has the two-line title, the paragraphs, the stamps, the promise lines and the note', async () => {
    const file = await writeForm('attachment4', {});
    expect(pdfPageCount(file)).toBe(1);
    const got = pdfText(file);
    const a4 = ANNEX4_TEXT;
    for (const words of [a4.annex, ...a4.title, a4.promise, a4.unitStamp, a4.schoolStamp, a4.date])
      expect(got).toContain(squash(words));
    for (const words of [a4.signature, a4.idNumber, a4.phone, a4.note]) expect(got).toContain(squash(words));
    expect(got).toContain(
      '本人于年月日毕业于学校专业。自年月起，在单位进行临床实践训练，至年月临床实践训练时间满一年。',
    );
  });

  it('fills 附件4 blanks: graduation date, school, major, and the ID and phone lines', async () => {
    const got = pdfText(await writeForm('attachment4', FILL));
    expect(got).toContain('本人于2020年6月30日毕业于山东第一医科大学学校临床医学专业。');
    expect(got).toContain('承诺人身份证号：11010519491231002X');
    expect(got).toContain('手机号码：13800138000');
    expect(got).not.toContain('张堃喆');
  });
});
