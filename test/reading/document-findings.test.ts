import { beforeAll, describe, expect, it } from 'vitest';
import {
  findDocumentFindings,
  scoreMaterials,
  toDocumentNotes,
  toLooksLike,
} from '../../src/domain/document-findings.js';
import type { Flow } from '../../src/domain/flow.js';
import { toIdCheckChar } from '../../src/domain/id-number.js';
import {
  findIdNumberRuns,
  findPhrase,
  findPrintedName,
  normaliseReadText,
} from '../../src/domain/read-text.js';
import { resolveFlowPath } from '../../src/flows/flow-file.js';
import { loadFlow } from '../../src/flows/load-flow.js';

const TODAY = new Date('2026-03-01T00:00:00Z');
const FIRST17 = '37100219950307123';
const VALID = `${FIRST17}${toIdCheckChar(FIRST17)}`;
const MISTYPED = `${VALID.slice(0, 15)}${(Number(VALID[15]) + 1) % 10}${VALID.slice(16)}`;

let flow: Flow;
beforeAll(async () => {
  flow = await loadFlow(resolveFlowPath(undefined, process.cwd()), process.cwd());
});

describe('read text', () => {
  it('drops spaces and folds full-width characters, as OCR spaces Chinese out', () => {
    expect(normaliseReadText('姓 名：　张 伟\n明 １２３')).toBe('姓名:张伟明123');
  });

  it('finds a long phrase with one character misread, a short one only exactly', () => {
    expect(findPhrase('公民身份呈码371002', '公民身份号码')).toMatchObject({ start: 0, end: 6 });
    expect(findPhrase('学生证明', '学位证')).toBeUndefined();
    expect(findPhrase('原毕业证明书编号', '毕业证书')).toBeUndefined();
    expect(findPhrase('其毕业证书遗失', '毕业证明书')).toBeUndefined();
  });

  it('reads look-alike letters in an ID number as digits, and skips runs that are not 18 long', () => {
    const misread = `${VALID.slice(0, 3)}O${VALID.slice(4, 9)}l${VALID.slice(10)}`;
    expect(findIdNumberRuns(`号码${misread}签发`)).toEqual([
      `${VALID.slice(0, 3)}0${VALID.slice(4, 9)}1${VALID.slice(10)}`,
    ]);
    expect(findIdNumberRuns(`编号${VALID}1`)).toEqual([]);
    expect(findIdNumberRuns('登记号PDY60000237100211D2152')).toEqual([]);
  });

  it('takes the name after 姓名 up to the next label', () => {
    expect(findPrintedName('姓名:张伟明性别:男')).toBe('张伟明');
    expect(findPrintedName('姓名王秀英')).toBe('王秀英');
    expect(findPrintedName('学生张伟明,性别男')).toBeUndefined();
  });
});

describe('what a read tells', () => {
  const idCard = `姓名 张伟明\n性别 男 民族 汉\n公民身份号码 ${VALID}`;
  const practice =
    '执业助理医师报考执业医师执业期考核证明 执业助理医师执业证书编号 工作机构 名称 工作起止时间 带教执业医师执业证书号码';

  it('reads an ID card under 毕业证 as the ID card, with its name and a valid number', () => {
    expect(findDocumentFindings(idCard, 'diploma', flow.materials, undefined, TODAY)).toEqual({
      looksLike: 'identity',
      invalidIdNumbers: 0,
      validIdNumbers: 1,
      name: '张伟明',
    });
  });

  it('says nothing about a picture under its own material', () => {
    expect(
      findDocumentFindings(idCard, 'identity', flow.materials, undefined, TODAY).looksLike,
    ).toBeUndefined();
  });

  it('does not let a certificate that cites another document pass for that document', () => {
    const scores = scoreMaterials(normaliseReadText(practice), flow.materials);
    expect(scores.practising_certificate).toBe(1);
    expect(toLooksLike(scores, 'practice_proof', Object.keys(flow.materials))).toBeUndefined();
    expect(toLooksLike(scores, 'practising_certificate', Object.keys(flow.materials))).toBe('practice_proof');
  });

  it('never tells the three diplomas apart: their phrases are the same', () => {
    const diploma = '毕业证书 学生张伟明 修完教学计划规定的全部课程 准予毕业';
    for (const expected of ['diploma', 'bachelor_diploma', 'college_diploma'])
      expect(findDocumentFindings(diploma, expected, flow.materials).looksLike).toBeUndefined();
    expect(findDocumentFindings(diploma, 'identity', flow.materials).looksLike).toBe('diploma');
  });

  it('credits a temporary ID card to itself, not to the ID card whose words it contains', () => {
    const temporary = `中华人民共和国临时居民身份证 公民身份号码 ${VALID} 签发机关 威海市公安局`;
    expect(findDocumentFindings(temporary, 'temporary_identity', flow.materials).looksLike).toBeUndefined();
    expect(findDocumentFindings(temporary, 'identity', flow.materials).looksLike).toBeUndefined();
    expect(findDocumentFindings(idCard, 'temporary_identity', flow.materials).looksLike).toBe('identity');
  });

  it('points only to the candidates it is given, the first of a tie first', () => {
    const diploma = '毕业证书 准予毕业';
    const only = ['identity', 'bachelor_diploma'];
    expect(findDocumentFindings(diploma, 'identity', flow.materials, only).looksLike).toBe(
      'bachelor_diploma',
    );
    expect(findDocumentFindings(diploma, 'identity', flow.materials, ['identity'])).not.toHaveProperty(
      'looksLike',
    );
  });

  it('flags an ID number whose check digit fails, but not a serial with no birth date in it', () => {
    const findings = findDocumentFindings(
      `公民身份号码${MISTYPED}`,
      'identity',
      flow.materials,
      undefined,
      TODAY,
    );
    expect(findings).toMatchObject({ invalidIdNumbers: 1, validIdNumbers: 0 });
    const serial = findDocumentFindings(
      '证书编号:104411201805001234',
      'diploma',
      flow.materials,
      undefined,
      TODAY,
    );
    expect(serial).toMatchObject({ invalidIdNumbers: 0, validIdNumbers: 0 });
  });

  it('finds nothing in an empty read', () => {
    expect(findDocumentFindings('', 'identity', flow.materials)).toEqual({
      invalidIdNumbers: 0,
      validIdNumbers: 0,
    });
  });

  it('turns findings into the contract’s notes, Chinese first, naming the material it looks like', () => {
    const title = (id: string) => flow.materials[id]?.title ?? { zh: id, en: id };
    const notes = toDocumentNotes(
      { looksLike: 'diploma', invalidIdNumbers: 1, validIdNumbers: 0 },
      'identity',
      title,
    );
    expect(notes.map((n) => n.code)).toEqual(['unexpected_document', 'id_number_invalid']);
    expect(notes[0]).toMatchObject({ looksLike: 'diploma' });
    expect(notes[0]?.message.zh).toContain('这张看起来是毕业证');
    expect(notes[0]?.message.en).toContain('Diploma');
    expect(toDocumentNotes({ invalidIdNumbers: 0, validIdNumbers: 2 }, 'identity', title)).toEqual([]);
  });
});

describe('the flow’s key phrases', () => {
  it('gives every material of the notice phrases of its own', () => {
    for (const [id, material] of Object.entries(flow.materials))
      expect(material.keyPhrases?.length ?? 0, id).toBeGreaterThan(0);
  });
});
