/**
 * The fixed text of the notice's attached forms (附件2, 附件3, 附件4 of the 2020 Weihai notice), word for word,
 * including its spacing inside labels (`姓    名`). scripts/subset-form-font.ts makes the font subset from
 * every string here, so a change of wording needs a new subset (a test says so).
 */

export type FormKind = 'attachment2' | 'attachment3' | 'attachment4';
export const FORM_KINDS: readonly FormKind[] = ['attachment2', 'attachment3', 'attachment4'];

/** The notes under the grid of 附件2 and 附件3 (identical in the notice). */
export const ASSESSMENT_NOTES = [
  '注：',
  '1.本表黑线上方由考生自己填写，黑线以下由工作机构填写，本表缺项、涂改无效。',
  '2.带教老师对考生从临床岗位胜任力、基本技能、医患关系、医际关系及职业道德操守等方面作综合评价是否合格，并在相应栏目划“√”。',
  '3.军队考生须提交团级以上卫生部门的审核证明。',
  '4.本表栏目空间若不够填写，可另附页。',
] as const;

/** What differs between 附件2 (probation) and 附件3 (practice period); the grid is the same. */
export interface AssessmentText {
  readonly annex: string;
  readonly title: string;
  /** The lines between the title and the grid. */
  readonly numberLines: readonly string[];
  /** The candidate's rows above the black line: label/field pairs, three per row; a `span` value fills the rest. */
  readonly candidateRows: readonly (readonly CandidateCell[])[];
  readonly institution: string;
  readonly period: string;
  readonly post: string;
  readonly tutorNumber: string;
  readonly opinion: string;
  readonly signature: string;
}

export type FillField =
  | 'name'
  | 'gender'
  | 'birth'
  | 'ethnicity'
  | 'major'
  | 'education'
  | 'educationDate'
  | 'idNumber'
  | 'category';

export interface CandidateCell {
  readonly label: string;
  readonly field: FillField;
}

export const ANNEX2_TEXT: AssessmentText = {
  annex: '附件2',
  title: '医师资格考试试用期考核证明',
  numberLines: ['报名编号：'],
  candidateRows: [
    [
      { label: '姓    名', field: 'name' },
      { label: '性    别', field: 'gender' },
      { label: '出生年月', field: 'birth' },
    ],
    [
      { label: '民    族', field: 'ethnicity' },
      { label: '所学专业', field: 'major' },
      { label: '医学学历', field: 'education' },
    ],
    [
      { label: '取得学历\n年    月', field: 'educationDate' },
      { label: '有效身份证件号码', field: 'idNumber' },
    ],
    [{ label: '报考类别', field: 'category' }],
  ],
  institution: '试用机构',
  period: '试用起止\n时    间',
  post: '主要试用\n岗位(科室)',
  tutorNumber: '带  教  老  师\n医师执业证书号码',
  opinion: '试用机构\n考核意见',
  signature: '单位法人代表/法定代表人签字：单位公章',
};

export const ANNEX3_TEXT: AssessmentText = {
  annex: '附件3',
  title: '执业助理医师报考执业医师执业期考核证明',
  numberLines: [
    '执业助理医师资格证书编号：（                                        ）',
    '执业助理医师执业证书编号：（                                        ）',
  ],
  candidateRows: [
    [
      { label: '姓    名', field: 'name' },
      { label: '性    别', field: 'gender' },
      { label: '民    族', field: 'ethnicity' },
    ],
    [
      { label: '医学学历', field: 'education' },
      { label: '所学专业', field: 'major' },
      { label: '取得学历\n年    月', field: 'educationDate' },
    ],
    [
      { label: '报考类别', field: 'category' },
      { label: '有效身份证件号码', field: 'idNumber' },
    ],
  ],
  institution: '工作机构',
  period: '工作起止\n时    间',
  post: '主要工作\n岗位(科室)',
  tutorNumber: '带  教  执  业\n医师执业证书号码',
  opinion: '工作机构\n考核意见',
  signature: '单位法人代表/法定代表人签字：        单位公章',
};

/** Words shared by both grids. */
export const GRID_WORDS = {
  orgName: '名称',
  address: '地址',
  postcode: '邮编',
  registration: '登记号',
  legalRepresentative: '法定代表人',
  periodBlanks: '（         ）年（  ）月至（         ）年（  ）月',
  postName: '岗位(科室)\n名称',
  tutorAssessment: '带教老师评价',
  pass: '合格',
  fail: '不合格',
  tutorSignature: '带教老师签字',
  verdict: '合格  （        ）     不合格（        ）',
  date: '年    月    日',
} as const;

/**
 * 附件4. The paragraph is a sequence of words and blanks; a blank keeps the notice's width (its count of
 * underscores) and may carry a filled value.
 */
export type Annex4Blank =
  | 'graduationYear'
  | 'graduationMonth'
  | 'graduationDay'
  | 'school'
  | 'major'
  | 'fromYear'
  | 'fromMonth'
  | 'unit'
  | 'toYear'
  | 'toMonth';

export type ParagraphPart = string | { readonly blank: Annex4Blank; readonly underscores: number };

export const ANNEX4_TEXT = {
  annex: '附件4',
  title: ['临床实践训练经历满一年证明', '及个人承诺书'],
  training: [
    '本人于',
    { blank: 'graduationYear', underscores: 5 },
    '年',
    { blank: 'graduationMonth', underscores: 4 },
    '月',
    { blank: 'graduationDay', underscores: 4 },
    '日毕业于',
    { blank: 'school', underscores: 14 },
    '学校',
    { blank: 'major', underscores: 12 },
    '专业。自',
    { blank: 'fromYear', underscores: 6 },
    '年',
    { blank: 'fromMonth', underscores: 6 },
    '月起，在',
    { blank: 'unit', underscores: 11 },
    '单位进行临床实践训练，至',
    { blank: 'toYear', underscores: 5 },
    '年',
    { blank: 'toMonth', underscores: 5 },
    '月临床实践训练时间满一年。',
  ] as readonly ParagraphPart[],
  promise:
    '本人承诺所获学位证书为专业学位，并将于今年8月26日前，将后续临床实践训练经历累计满一年的证明及硕（博）士毕业证书原件及复印件、学位证书原件及复印件（研究生毕业当年报名考生）交至考点办公室审核。如不能按时提交则视为自动放弃当年医学综合笔试考试资格。',
  // The notice prints 单位 twice here; kept as printed, since the form must read as the notice's.
  unitStamp: '临床实践单位单位（章）',
  schoolStamp: '研究生院（章）',
  date: '年   月   日',
  signature: '承诺人签字：',
  idNumber: '承诺人身份证号：',
  phone: '手机号码：',
  note: '注：此证明仅限报考国家医师资格考试用，请考生凭此证明和学生证原件及复印件参加报名。',
} as const;

/** Every character the forms print on their own, for the font subset. */
export function fixedFormText(): string {
  const parts: string[] = [...ASSESSMENT_NOTES, ...Object.values(GRID_WORDS)];
  for (const t of [ANNEX2_TEXT, ANNEX3_TEXT]) {
    parts.push(t.annex, t.title, ...t.numberLines, t.institution, t.period, t.post, t.tutorNumber);
    parts.push(t.opinion, t.signature, ...t.candidateRows.flat().map((c) => c.label));
  }
  const a4 = ANNEX4_TEXT;
  parts.push(a4.annex, ...a4.title, a4.promise, a4.unitStamp, a4.schoolStamp, a4.date);
  parts.push(a4.signature, a4.idNumber, a4.phone, a4.note);
  for (const part of a4.training) if (typeof part === 'string') parts.push(part);
  return parts.join('');
}
