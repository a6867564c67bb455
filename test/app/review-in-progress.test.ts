import { beforeAll, describe, expect, it } from 'vitest';
import { finishDecision, startDecision, toggleRedo } from '../../src/app/review-in-progress.js';
import type { Flow } from '../../src/domain/flow.js';
import { submissionStamp } from '../../src/domain/review-queue.js';
import { loadCurrentFlow } from '../helpers/flow.js';
import { memoryReviewerDrafts } from '../helpers/memory-ports.js';
import { completeApplicant, memoryDeps, USER } from './use-case-fixtures.js';

let flow: Flow;
beforeAll(async () => {
  flow = await loadCurrentFlow();
});

const REVIEWER = 9001;
const SUBMITTED = { state: 'submitted' as const, submittedAt: '2020-03-24T02:00:00.000Z' };

function setUp(dossier: Parameters<typeof completeApplicant>[1] = SUBMITTED) {
  const applicant = completeApplicant(flow, dossier);
  const deps = { ...memoryDeps(flow, [applicant]), reviewers: memoryReviewerDrafts() };
  return { deps, stamp: submissionStamp(applicant) };
}

describe('a decision in progress', () => {
  it('returns with the marked materials and the feedback typed next', async () => {
    const { deps, stamp } = setUp();
    expect((await startDecision(deps, REVIEWER, { kind: 'return', applicantId: USER, stamp })).ok).toBe(true);
    expect((await toggleRedo(deps, REVIEWER, USER, 'diploma'))?.marked).toEqual(['diploma']);
    expect((await toggleRedo(deps, REVIEWER, USER, 'identity'))?.marked).toEqual(['diploma', 'identity']);
    expect((await toggleRedo(deps, REVIEWER, USER, 'identity'))?.marked).toEqual(['diploma']);
    const done = await finishDecision(deps, REVIEWER, '  毕业证模糊  ');
    expect(done?.ok && done.applicant.dossier.feedback).toMatchObject({
      text: '毕业证模糊',
      materials: ['diploma'],
    });
    expect(await finishDecision(deps, REVIEWER, 'again')).toBeUndefined();
  });

  it('rejects with the reason typed next', async () => {
    const { deps, stamp } = setUp();
    await startDecision(deps, REVIEWER, { kind: 'reject', applicantId: USER, stamp });
    const done = await finishDecision(deps, REVIEWER, '学历不符');
    expect(done?.ok && done.applicant.dossier).toMatchObject({
      state: 'rejected',
      rejection: { reason: '学历不符' },
    });
  });

  it('refuses to start on a submission that is no longer the one waiting', async () => {
    const { deps } = setUp();
    expect(
      await startDecision(deps, REVIEWER, { kind: 'return', applicantId: USER, stamp: 'old' }),
    ).toMatchObject({ ok: false });
    const approved = setUp({ ...SUBMITTED, state: 'approved' });
    expect(
      (
        await startDecision(approved.deps, REVIEWER, {
          kind: 'return',
          applicantId: USER,
          stamp: approved.stamp,
        })
      ).ok,
    ).toBe(false);
  });

  it('ignores a toggle of a material not on the checklist or of a return not in progress', async () => {
    const { deps, stamp } = setUp();
    expect(await toggleRedo(deps, REVIEWER, USER, 'diploma')).toBeUndefined();
    await startDecision(deps, REVIEWER, { kind: 'return', applicantId: USER, stamp });
    expect(await toggleRedo(deps, REVIEWER, USER, 'village_doctor_certificate')).toBeUndefined();
    expect(await toggleRedo(deps, REVIEWER, USER + 1, 'diploma')).toBeUndefined();
  });
});
