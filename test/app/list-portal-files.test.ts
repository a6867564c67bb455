import { beforeAll, describe, expect, it } from 'vitest';
import { listPortalFiles } from '../../src/app/list-portal-files.js';
import type { Applicant } from '../../src/domain/applicant.js';
import { DOSSIER_STATES } from '../../src/domain/dossier.js';
import type { Flow } from '../../src/domain/flow.js';
import { loadCurrentFlow } from '../helpers/flow.js';
import { completeApplicant, memoryDeps, USER } from './use-case-fixtures.js';

let flow: Flow;
beforeAll(async () => {
  flow = await loadCurrentFlow();
});

const ID = '有效身份证明（正反面及本人手持照片）';
/** The clinical bachelor's complete dossier, as files: 3 ID pictures, then one of each other material. */
const ALL_NAMES = [
  [`01_${ID}_1.jpg`, `01_${ID}_2.jpg`, `01_${ID}_3.jpg`],
  ['02_毕业证_1.jpg'],
  ['03_试用期考核合格证明_1.jpg'],
  ['04_医疗机构执业许可证副本_1.jpg'],
];

const namesOf = (outcome: Awaited<ReturnType<typeof listPortalFiles>>) =>
  outcome.kind === 'files' ? outcome.groups.map((g) => g.files.map((f) => f.name)) : outcome.kind;

describe('listing the files for the official portal', () => {
  it.each(DOSSIER_STATES)('hands over every accepted picture while the dossier is %s', async (state) => {
    const applicant = completeApplicant(flow, { state });
    const outcome = await listPortalFiles(memoryDeps(flow, [applicant]), USER);
    expect(namesOf(outcome)).toEqual(ALL_NAMES);
  });

  it('carries the picture store’s key of each normalised file', async () => {
    const applicant = completeApplicant(flow);
    const outcome = await listPortalFiles(memoryDeps(flow, [applicant]), USER);
    const keys = outcome.kind === 'files' ? outcome.groups.flatMap((g) => g.files.map((f) => f.key)) : [];
    expect(keys).toEqual(applicant.dossier.photos.map((p) => p.file));
  });

  const cases: {
    name: string;
    applicants: () => Applicant[];
    material?: string;
    expected: ReturnType<typeof namesOf>;
  }[] = [
    {
      name: 'hands over one material’s files, named by its place in the checklist',
      applicants: () => [completeApplicant(flow)],
      material: 'probation_certificate',
      expected: [['03_试用期考核合格证明_1.jpg']],
    },
    {
      name: 'hands over nothing while nothing is accepted',
      applicants: () => [completeApplicant(flow, { photos: [] })],
      expected: [],
    },
    {
      name: 'hands over nothing of a material on the checklist without pictures',
      applicants: () => [completeApplicant(flow, { photos: [] })],
      material: 'diploma',
      expected: [],
    },
    {
      name: 'refuses a material that is not on the applicant’s checklist',
      applicants: () => [completeApplicant(flow)],
      material: 'student_card',
      expected: 'not_in_checklist',
    },
    { name: 'knows nothing of someone who never started', applicants: () => [], expected: 'unknown' },
  ];

  it.each(cases)('$name', async ({ applicants, material, expected }) => {
    const outcome = await listPortalFiles(memoryDeps(flow, applicants()), USER, material);
    expect(namesOf(outcome)).toEqual(expected);
  });
});
