import { beforeAll, describe, expect, it } from 'vitest';
import { submitDossier } from '../../src/app/submit-dossier.js';
import type { Applicant } from '../../src/domain/applicant.js';
import type { Flow } from '../../src/domain/flow.js';
import { applicantOf, STARTED_ANSWERS } from '../helpers/applicants.js';
import { loadCurrentFlow } from '../helpers/flow.js';
import { completeApplicant, IN_WINDOW, memoryDeps, picture, USER } from './use-case-fixtures.js';

let flow: Flow;
beforeAll(async () => {
  flow = await loadCurrentFlow();
});

const RETURNED_AT = '2020-03-24T12:00:00.000Z';
const returned = (materials: string[]) => ({
  state: 'returned' as const,
  feedback: { text: '请重拍', materials, at: RETURNED_AT },
});

describe('submitting a dossier', () => {
  const cases: {
    name: string;
    applicant: () => Applicant | undefined;
    anyway?: boolean;
    now?: Date;
    outcome: string;
    say?: string;
    state?: string;
  }[] = [
    {
      name: 'submits a complete draft and locks it',
      applicant: () => completeApplicant(flow),
      outcome: 'submitted',
      state: 'submitted',
    },
    {
      name: 'answers one already submitted as such',
      applicant: () => completeApplicant(flow, { state: 'submitted' }),
      outcome: 'already',
      state: 'submitted',
    },
    {
      name: 'refuses a decided dossier',
      applicant: () => completeApplicant(flow, { state: 'approved' }),
      outcome: 'refused',
      say: 'dossierClosed',
      state: 'approved',
    },
    {
      name: 'refuses before the window opens',
      applicant: () => completeApplicant(flow),
      now: new Date('2020-03-19T12:00:00+08:00'),
      outcome: 'refused',
      say: 'uploadBeforeWindow',
      state: 'draft',
    },
    {
      name: 'refuses after the window closed',
      applicant: () => completeApplicant(flow),
      now: new Date('2020-04-01T00:00:00+08:00'),
      outcome: 'refused',
      say: 'uploadAfterWindow',
      state: 'draft',
    },
    {
      name: 'refuses while the interview is unfinished',
      applicant: () => applicantOf(USER, { answers: STARTED_ANSWERS }),
      outcome: 'refused',
      say: 'uploadNotReady',
      state: 'draft',
    },
    {
      name: 'names what is missing in an incomplete dossier',
      applicant: () => ({ ...completeApplicant(flow), dossier: { state: 'draft', photos: [] } }),
      outcome: 'missing',
      state: 'draft',
    },
    {
      name: 'asks before resubmitting with a redo material unchanged',
      applicant: () => completeApplicant(flow, returned(['diploma'])),
      outcome: 'redo_pending',
      state: 'returned',
    },
    {
      name: 'resubmits with a redo material unchanged once confirmed',
      applicant: () => completeApplicant(flow, returned(['diploma'])),
      anyway: true,
      outcome: 'submitted',
      state: 'submitted',
    },
    { name: 'tells of an applicant it does not know', applicant: () => undefined, outcome: 'unknown' },
  ];

  it.each(cases)('$name', async ({ applicant, anyway = false, now = IN_WINDOW, outcome, say, state }) => {
    const start = applicant();
    const deps = memoryDeps(flow, start ? [start] : [], now);
    const result = await submitDossier(deps, USER, { anyway });
    expect(result.kind).toBe(outcome);
    if (say) expect(result.kind === 'refused' && result.refusal.say).toBe(say);
    expect((await deps.applicants.get(USER))?.dossier.state).toBe(state);
  });

  it('resubmits without asking once every redo material has a picture added since the return', async () => {
    const base = completeApplicant(flow, returned(['diploma']));
    const redone = {
      ...base,
      dossier: {
        ...base.dossier,
        photos: [...base.dossier.photos, picture('diploma', '2020-03-25T00:00:00.000Z')],
      },
    };
    const deps = memoryDeps(flow, [redone]);
    expect((await submitDossier(deps, USER, { anyway: false })).kind).toBe('submitted');
  });
});
