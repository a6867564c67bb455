import { beforeAll, describe, expect, it } from 'vitest';
import type { Flow } from '../../src/domain/flow.js';
import { checklistFor, loadCurrentFlow, materialIds } from '../helpers/flow.js';

let flow: Flow;
beforeAll(async () => {
  flow = await loadCurrentFlow();
});

const zhReasons = (facts: Record<string, unknown>) => checklistFor(flow, facts).reasons.map((r) => r.zh);
const zhNotes = (facts: Record<string, unknown>) => checklistFor(flow, facts).notes.map((n) => n.zh);
const material = (facts: Record<string, unknown>, id: string) =>
  checklistFor(flow, facts).materials.find((m) => m.id === id);

describe('（一）本科学历报考执业医师', () => {
  const bachelor = { target: 'physician', education: 'bachelor' };

  it('asks for ID, diploma, probation certificate and institution licence', () => {
    const c = checklistFor(flow, bachelor);
    expect(c.eligible).toBe(true);
    expect(c.route?.section).toBe('（一）');
    expect(materialIds(c)).toEqual(['identity', 'diploma', 'probation_certificate', 'institution_licence']);
  });

  it('adds the junior college diploma for 专升本', () => {
    expect(materialIds(checklistFor(flow, { ...bachelor, upgradedFromCollege: true }))).toContain(
      'college_diploma',
    );
  });

  it('asks for three ID pictures: front, back and the applicant holding it', () => {
    const id = material(bachelor, 'identity');
    expect(id?.photos).toEqual({ min: 3, max: 3 });
    expect(id?.shots.map((s) => s.zh).join()).toMatch(/正面.*反面.*手持/);
  });

  it('sends the applicant to print 附件2 for the probation certificate', () => {
    expect(material(bachelor, 'probation_certificate')?.form?.name.zh).toContain('附件2');
    expect(zhNotes(bachelor).some((n) => n.includes('附件2'))).toBe(true);
  });
});

describe('（二）（三）专科/中专 with the assistant licence, applying for physician', () => {
  const licensed = { target: 'physician', holdsAssistantLicence: true };
  const expected = [
    'identity',
    'diploma',
    'institution_licence',
    'qualification_certificate',
    'practising_certificate',
    'practice_proof',
  ];

  it.each([
    ['college', 2],
    ['college', 3.5],
    ['secondary', 5],
    ['secondary', 12],
  ])('accepts %s education with exactly or more than the required years (%d)', (education, years) => {
    const c = checklistFor(flow, { ...licensed, education, assistantPracticeYears: years });
    expect(c.eligible).toBe(true);
    expect(materialIds(c)).toEqual(expected);
  });

  it.each([
    ['college', 1, '两年'],
    ['college', 1.9, '两年'],
    ['secondary', 4, '五年'],
    ['secondary', 3, '五年'],
    ['secondary', 2, '五年'],
  ])('refuses %s education with %d years, naming the %s rule', (education, years, rule) => {
    const c = checklistFor(flow, { ...licensed, education, assistantPracticeYears: years });
    expect(c.eligible).toBe(false);
    expect(c.materials).toEqual([]);
    expect(c.reasons.map((r) => r.zh).join()).toContain(rule);
    expect(c.reasons.map((r) => r.zh).join()).toContain(`${years} 年`);
  });

  it('refuses a 大专 applicant without the assistant licence and says to apply for assistant first', () => {
    expect(zhReasons({ target: 'physician', education: 'college' }).join()).toContain(
      '须已取得执业助理医师资格',
    );
  });

  it('refuses when the years of practice are not given', () => {
    expect(checklistFor(flow, { ...licensed, education: 'college' }).eligible).toBe(false);
  });

  it('sends the applicant to print 附件3 for the continuous-work certificate', () => {
    const proof = material(
      { ...licensed, education: 'college', assistantPracticeYears: 2 },
      'practice_proof',
    );
    expect(proof?.form?.name.zh).toContain('附件3');
  });
});

describe('（四）大专、中专 applying for assistant physician', () => {
  it.each(['college', 'secondary'])('asks %s graduates for the four base materials', (education) => {
    expect(materialIds(checklistFor(flow, { target: 'assistant', education }))).toEqual([
      'identity',
      'diploma',
      'probation_certificate',
      'institution_licence',
    ]);
  });

  it.each(['health_care', 'rural_medicine'])('adds the 乡医证 for the %s major', (major) => {
    expect(materialIds(checklistFor(flow, { target: 'assistant', education: 'college', major }))).toContain(
      'village_doctor_certificate',
    );
  });

  it('refuses a bachelor applying for assistant, pointing to the physician exam or the helpline', () => {
    expect(zhReasons({ target: 'assistant', education: 'bachelor' }).join()).toContain('本科及以上');
  });
});

describe('（五）研究生 applying for physician', () => {
  const graduate = { target: 'physician', education: 'graduate' };

  it('accepts a graduating student of a Shandong school with student card and 附件4', () => {
    const facts = { ...graduate, graduateStatus: 'graduating_this_year', schoolInShandong: true };
    const c = checklistFor(flow, facts);
    expect(materialIds(c)).toEqual(['identity', 'student_card', 'clinical_training_proof']);
    expect(zhNotes(facts).join()).toContain('8月26日');
    expect(zhNotes(facts).join()).toContain('下载的无效');
  });

  it('refuses a graduating student of a school outside Shandong', () => {
    const reasons = zhReasons({
      ...graduate,
      graduateStatus: 'graduating_this_year',
      schoolInShandong: false,
    });
    expect(reasons.join()).toContain('外省应届研究生不予受理');
  });

  it('asks a graduate for diploma, degree and probation certificate', () => {
    expect(materialIds(checklistFor(flow, { ...graduate, graduateStatus: 'graduated' }))).toEqual([
      'identity',
      'diploma',
      'degree_certificate',
      'probation_certificate',
    ]);
  });

  it('asks a long-programme student for the bachelor diploma, 附件4 and student card', () => {
    expect(
      materialIds(checklistFor(flow, { ...graduate, graduateStatus: 'long_program_in_school' })),
    ).toEqual(['identity', 'bachelor_diploma', 'clinical_training_proof', 'student_card']);
  });

  it('asks which situation applies when it is not given', () => {
    expect(zhReasons(graduate).join()).toContain('毕业当年');
  });
});

describe('（六）乡村全科 and （七）师承和确有专长', () => {
  it('requires the probation certificate from a township or village institution', () => {
    const probation = material({ target: 'village_general_assistant' }, 'probation_certificate');
    expect(probation?.note?.zh).toContain('乡村两级医疗机构');
  });

  it('adds the 乡医证 for a rural-medicine 乡村全科 applicant', () => {
    expect(
      materialIds(checklistFor(flow, { target: 'village_general_assistant', major: 'rural_medicine' })),
    ).toEqual([
      'identity',
      'diploma',
      'probation_certificate',
      'institution_licence',
      'village_doctor_certificate',
    ]);
  });

  it('asks a mentorship applicant for the mentorship certificate and gives the TCM helpline only', () => {
    const c = checklistFor(flow, { target: 'mentorship_assistant' });
    expect(materialIds(c)).toEqual([
      'identity',
      'mentorship_certificate',
      'probation_certificate',
      'institution_licence',
    ]);
    expect(c.helplines.map((h) => h.phone)).toEqual(['0631-5310880']);
  });
});

describe('（八）–（十） special cases on top of any route', () => {
  it('replaces a lost diploma by the 毕业证明书 and warns that nothing else counts', () => {
    const facts = { target: 'physician', education: 'bachelor', diplomaLost: true };
    const ids = materialIds(checklistFor(flow, facts));
    expect(ids).toContain('graduation_certificate');
    expect(ids).not.toContain('diploma');
    expect(zhNotes(facts).join()).toContain('其他证明无效');
  });

  it('replaces a lost bachelor diploma of a long-programme student too', () => {
    const ids = materialIds(
      checklistFor(flow, {
        target: 'physician',
        education: 'graduate',
        graduateStatus: 'long_program_in_school',
        diplomaLost: true,
      }),
    );
    expect(ids).toContain('graduation_certificate');
    expect(ids).not.toContain('bachelor_diploma');
  });

  it('replaces a lost ID card by the temporary ID and gives the 30-day rule', () => {
    const facts = { target: 'mentorship_assistant', idCardLost: true };
    const c = checklistFor(flow, facts);
    expect(materialIds(c)[0]).toBe('temporary_identity');
    expect(c.materials[0]?.photos).toEqual({ min: 3, max: 3 });
    expect(zhNotes(facts).join()).toContain('30日内');
  });

  it('asks one probation certificate per institution and scales the pictures', () => {
    const facts = { target: 'physician', education: 'bachelor', institutions: 3 };
    const probation = material(facts, 'probation_certificate');
    expect(probation?.copies).toBe(3);
    expect(probation?.photos).toEqual({ min: 3, max: 6 });
    expect(material(facts, 'diploma')?.copies).toBe(1);
    expect(zhNotes(facts).join()).toContain('3 个单位');
  });

  it('combines a lost ID, a lost diploma, a rural major and two institutions', () => {
    const facts = {
      target: 'assistant',
      education: 'secondary',
      major: 'rural_medicine',
      idCardLost: true,
      diplomaLost: true,
      institutions: 2,
    };
    const c = checklistFor(flow, facts);
    expect(c.eligible).toBe(true);
    expect(materialIds(c)).toEqual([
      'temporary_identity',
      'graduation_certificate',
      'probation_certificate',
      'institution_licence',
      'village_doctor_certificate',
    ]);
    expect(material(facts, 'probation_certificate')?.copies).toBe(2);
    const notes = zhNotes(facts).join('\n');
    expect(notes).toContain('30日内');
    expect(notes).toContain('毕业证明书');
    expect(notes).toContain('2 个单位');
  });

  it('asks a physician applicant for the education before deciding', () => {
    expect(zhReasons({ target: 'physician' }).join()).toContain('最高医学学历');
  });
});

describe('helplines', () => {
  it.each([
    ['clinical', '0631-5300004'],
    ['dental', '0631-5300004'],
    ['public_health', '0631-5300004'],
    ['tcm', '0631-5310880'],
  ])('gives the %s category its own number', (category, phone) => {
    const c = checklistFor(flow, { target: 'physician', education: 'bachelor', category });
    expect(c.helplines.map((h) => h.phone)).toEqual([phone]);
  });

  it('gives both numbers when the category is unknown, also to the ineligible', () => {
    const c = checklistFor(flow, { target: 'physician', education: 'college' });
    expect(c.eligible).toBe(false);
    expect(c.helplines.map((h) => h.phone)).toEqual(['0631-5300004', '0631-5310880']);
  });
});
