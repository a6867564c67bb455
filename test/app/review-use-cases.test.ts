import { beforeAll, describe, expect, it } from 'vitest';
import { deletePicture } from '../../src/app/change-pictures.js';
import { type Decision, decideDossier } from '../../src/app/decide-dossier.js';
import { deleteMyData } from '../../src/app/delete-my-data.js';
import { listReviewQueue } from '../../src/app/list-review-queue.js';
import type { Flow } from '../../src/domain/flow.js';
import { submissionStamp } from '../../src/domain/review-queue.js';
import { loadCurrentFlow } from '../helpers/flow.js';
import { completeApplicant, memoryDeps, USER } from './use-case-fixtures.js';

let flow: Flow;
beforeAll(async () => {
  flow = await loadCurrentFlow();
});

const SUBMITTED = { state: 'submitted' as const, submittedAt: '2020-03-24T02:00:00.000Z' };

describe('a reviewer deciding', () => {
  const cases: { decision: Decision; state: string; alert: string }[] = [
    { decision: { type: 'approve' }, state: 'approved', alert: '审核通过' },
    {
      decision: { type: 'return', feedback: '毕业证模糊', materials: ['diploma'] },
      state: 'returned',
      alert: '需要重新上传：毕业证',
    },
    { decision: { type: 'reject', reason: '学历不符' }, state: 'rejected', alert: '0631-5300004' },
  ];

  it.each(cases)(
    '$decision.type moves the dossier to $state and alerts the applicant once',
    async ({ decision, state, alert }) => {
      const applicant = completeApplicant(flow, SUBMITTED);
      const deps = memoryDeps(flow, [applicant]);
      const result = await decideDossier(deps, USER, submissionStamp(applicant), decision);
      expect(result.ok && result.applicant.dossier.state).toBe(state);
      expect(deps.notifier.sent).toHaveLength(1);
      expect(deps.notifier.sent[0]?.html).toContain(alert);
    },
  );

  it('lets only the first of two reviewers deciding at once succeed, with one alert', async () => {
    const applicant = completeApplicant(flow, SUBMITTED);
    const deps = memoryDeps(flow, [applicant]);
    const stamp = submissionStamp(applicant);
    const results = await Promise.all([
      decideDossier(deps, USER, stamp, { type: 'approve' }),
      decideDossier(deps, USER, stamp, { type: 'reject', reason: '不符' }),
    ]);
    expect(results.map((r) => r.ok)).toEqual([true, false]);
    expect(deps.notifier.sent).toHaveLength(1);
  });

  it('refuses a decision made on an earlier submission', async () => {
    const applicant = completeApplicant(flow, SUBMITTED);
    const deps = memoryDeps(flow, [applicant]);
    const result = await decideDossier(deps, USER, 'old', { type: 'approve' });
    expect(result.ok).toBe(false);
    expect(deps.notifier.sent).toEqual([]);
  });
});

describe('the review queue', () => {
  it('lists submitted dossiers only, oldest submission first', async () => {
    const older = {
      ...completeApplicant(flow, { ...SUBMITTED, submittedAt: '2020-03-23T00:00:00.000Z' }),
      userId: 2,
    };
    const newer = { ...completeApplicant(flow, SUBMITTED), userId: 3 };
    const draft = { ...completeApplicant(flow), userId: 4 };
    const deps = memoryDeps(flow, [newer, draft, older]);
    expect((await listReviewQueue(deps)).map((a) => a.userId)).toEqual([2, 3]);
  });
});

describe('deleting', () => {
  it('deletes one picture, record first, then its bytes', async () => {
    const applicant = completeApplicant(flow);
    const deps = memoryDeps(flow, [applicant]);
    const photo = applicant.dossier.photos[0];
    await deps.pictures.put(USER, photo?.id ?? '', 'jpeg', new Uint8Array([1]));
    expect(await deletePicture(deps, USER, photo?.id ?? '')).toMatchObject({
      ok: true,
      photo: { id: photo?.id },
    });
    expect(deps.pictures.bytes.size).toBe(0);
    expect((await deps.applicants.get(USER))?.dossier.photos).toHaveLength(
      applicant.dossier.photos.length - 1,
    );
    expect(await deletePicture(deps, USER, photo?.id ?? '')).toMatchObject({
      ok: false,
      reason: 'not_found',
    });
  });

  it('refuses to delete a picture of a submitted dossier', async () => {
    const applicant = completeApplicant(flow, SUBMITTED);
    const deps = memoryDeps(flow, [applicant]);
    const result = await deletePicture(deps, USER, applicant.dossier.photos[0]?.id ?? '');
    expect(result).toMatchObject({ ok: false, reason: 'locked' });
  });

  it('deletes everything kept about an applicant on request: record, pictures and notifications', async () => {
    const applicant = completeApplicant(flow);
    const deps = memoryDeps(flow, [applicant]);
    await deps.pictures.put(USER, 'x', 'jpeg', new Uint8Array([1]));
    await deps.notifier.notify({ userId: USER, chatId: USER, html: 'hi', reason: 'daily', dedupeKey: 'k' });
    expect(await deleteMyData(deps, USER)).toBe(true);
    expect(await deps.applicants.get(USER)).toBeUndefined();
    expect(deps.pictures.bytes.size).toBe(0);
    expect(deps.notifier.sent).toEqual([]);
    expect(await deleteMyData(deps, USER)).toBe(false);
  });
});
