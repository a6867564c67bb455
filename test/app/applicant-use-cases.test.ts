import { beforeAll, describe, expect, it } from 'vitest';
import { chooseLanguage } from '../../src/app/choose-language.js';
import { chooseMaterial } from '../../src/app/choose-material.js';
import { markReturned, openApplicant } from '../../src/app/open-applicant.js';
import type { Applicant } from '../../src/domain/applicant.js';
import type { Flow } from '../../src/domain/flow.js';
import { applicantOf } from '../helpers/applicants.js';
import { loadCurrentFlow } from '../helpers/flow.js';
import { completeApplicant, memoryDeps, USER } from './use-case-fixtures.js';

let flow: Flow;
beforeAll(async () => {
  flow = await loadCurrentFlow();
});

describe('an applicant coming and going', () => {
  it('creates a Chinese record on first contact and finds it the next time', async () => {
    const deps = memoryDeps(flow, []);
    expect(await openApplicant(deps, USER, USER)).toMatchObject({ created: true, applicant: { lang: 'zh' } });
    expect(await openApplicant(deps, USER, USER)).toMatchObject({ created: false });
  });

  it('switches the language, creating the record when there is none', async () => {
    const deps = memoryDeps(flow, []);
    expect((await chooseLanguage(deps, USER, USER, 'en')).lang).toBe('en');
    expect((await deps.applicants.get(USER))?.lang).toBe('en');
  });

  it('marks an applicant who blocked the bot as back when they write, and leaves others alone', async () => {
    const blocked = applicantOf(USER, { inactive: true });
    const deps = memoryDeps(flow, [blocked]);
    await markReturned(deps, USER);
    expect((await deps.applicants.get(USER))?.inactive).toBe(false);
    await markReturned(deps, USER + 1);
    expect(await deps.applicants.get(USER + 1)).toBeUndefined();
  });
});

describe('choosing the material for the next pictures', () => {
  const cases: {
    name: string;
    applicant: () => Applicant;
    material: string;
    chosen: boolean;
    remembered?: string;
  }[] = [
    {
      name: 'remembers a material of the checklist',
      applicant: () => completeApplicant(flow),
      material: 'diploma',
      chosen: true,
      remembered: 'diploma',
    },
    {
      name: 'refuses a material that is not on the checklist',
      applicant: () => completeApplicant(flow),
      material: 'village_doctor_certificate',
      chosen: false,
    },
    {
      name: 'shows but does not remember a choice on a locked dossier',
      applicant: () => completeApplicant(flow, { state: 'submitted' }),
      material: 'diploma',
      chosen: true,
    },
  ];

  it.each(cases)('$name', async ({ applicant, material, chosen, remembered }) => {
    const deps = memoryDeps(flow, [applicant()]);
    const result = await chooseMaterial(deps, USER, material);
    expect(result.material !== undefined).toBe(chosen);
    expect((await deps.applicants.get(USER))?.dossier.currentMaterial).toBe(remembered);
  });
});
